// The JS side of arrays handed over in shared memory (python/tsreticulate/shared.py says why and how): a session
// with a local Python process makes a private folder in /dev/shm as it is created (so calls issued before Python
// has started use it too) and names it on Python's command line. Its files are reused: an array over
// SNAPSHOT_BYTES (conversion.ts) is written, when the call is made, into a file Python has given back if one
// fits, else into a new one; `toJs(t, { into })` lends Python a file to write the reply's bytes into.
//
// Why reuse: a tmpfs file's pages stay allocated when the file is overwritten, so writing into a file used before
// is a plain copy into warm memory (3.7-4.5 GB/s measured here), where a new file's pages are handed out by the
// kernel as it copies (1.4-1.7 GB/s, and about 0.3 GB/s for memory this virtual machine never touched before).
//
// A file's states, told by its name on disk:
//   "<n>"         the client's: free, or named by an operation not yet run;
//   "<n>.mapped"  Python's: a numpy array views it (Python renames "<n>" to this when it maps it);
//   "<n>.free"    given back: Python's last view of it is gone (Python renames "<n>.mapped" to this), and the
//                 client takes it back. A file that a process forked from Python may still view is unlinked
//                 instead.
//
// Copies JS -> Python: one, the kernel's write of the typed array into the file's pages. The write is synchronous:
// the call returns once the bytes are the call's own, so the caller may change its array at once, and the batch
// that names the file cannot leave before the file is complete.
import {
  accessSync,
  closeSync,
  constants,
  ftruncateSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statfsSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { atNodeExit } from "./exit-hook.js";
import { makePrivateDir } from "./private-dirs.js";

/**
 * What a file must leave free in /dev/shm: a quarter of it, and at least 256 MiB. An array lives in /dev/shm as
 * long as Python keeps it (`torch.from_numpy` shares it), and other programs need the space too: torch's
 * DataLoader workers pass every batch through /dev/shm, and a container's is often 64 MiB. Past this, frames.
 */
export function leavesRoom(fs: { bsize: number; blocks: number; bavail: number }, bytes: number): boolean {
  const free = fs.bavail * fs.bsize;
  return free - bytes >= Math.max((fs.blocks * fs.bsize) / 4, 256 * 2 ** 20);
}

/**
 * How many bytes of files no array views the folder keeps for reuse: the client removes its least recently freed
 * files beyond this, and Python unlinks a file instead of giving it back when the folder's free files would
 * exceed it (--shared-keep). Two of the workshop's 123 MB training sets (one each way) fit.
 */
export const KEEP_FREE_BYTES = 256 * 2 ** 20;

const SHARED_ROOT = "/dev/shm";
const MAPPED = ".mapped";
const GIVEN_BACK = ".free";

export class SharedArrayFiles {
  /** Files in a new private folder (mode 0700), or undefined where there is no writable /dev/shm. */
  static create(): SharedArrayFiles | undefined {
    try {
      accessSync(SHARED_ROOT, constants.W_OK);
      return new SharedArrayFiles(makePrivateDir(SHARED_ROOT));
    } catch {
      return undefined;
    }
  }

  private nextName = 1;
  /** The client's files that no operation names, by name, with their sizes; oldest first. */
  private readonly free = new Map<string, number>();
  /** Files named by operations not yet finished. */
  private readonly inUse = new Map<string, number>();
  /** Files Python has mapped, until it gives them back. */
  private readonly lent = new Map<string, number>();
  private readonly cancelRemoveOnExit = atNodeExit(() => this.removeAll());

  private constructor(readonly dir: string) {}

  /** Writes `bytes` into a file for an array argument; returns its name, or undefined (send a frame instead). */
  write(bytes: Uint8Array): string | undefined {
    const taken = this.take(bytes.byteLength);
    if (taken === undefined) return undefined;
    const { name, fd } = taken;
    try {
      for (let offset = 0; offset < bytes.byteLength; ) {
        offset += writeSync(fd, bytes, offset, bytes.byteLength - offset, offset);
      }
    } catch {
      // tmpfs is full (ENOSPC): the frame path still works.
      this.remove(name);
      return undefined;
    } finally {
      closeSync(fd);
    }
    return name;
  }

  /**
   * A file of `bytes` bytes for Python to write a reply's array into, or undefined. It is free again when the
   * batch that names it is finished (`finished`), after the reply has been read (`read`).
   */
  lendForReply(bytes: number): string | undefined {
    const taken = this.take(bytes);
    if (taken === undefined) return undefined;
    closeSync(taken.fd);
    return taken.name;
  }

  /** Reads the first `into.byteLength` bytes of a file lent for a reply. */
  read(name: string, into: Uint8Array): void {
    const fd = openSync(join(this.dir, name), constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      for (let offset = 0; offset < into.byteLength; ) {
        const n = readSync(fd, into, offset, into.byteLength - offset, offset);
        if (n === 0) throw new Error(`shared file ${name} ended after ${offset} of ${into.byteLength} bytes`);
        offset += n;
      }
    } finally {
      closeSync(fd);
    }
  }

  /**
   * The operations naming these files have run. A file Python mapped is now its own until it gives it back; the
   * others (not mapped: the operation failed first, or it was a reply's) are free again.
   */
  finished(names: readonly string[]): void {
    for (const name of names) {
      const size = this.inUse.get(name);
      if (size === undefined) continue;
      this.inUse.delete(name);
      if (this.exists(name)) this.free.set(name, size);
      else this.lent.set(name, size);
    }
    this.trim();
  }

  /** Removes the folder and whatever is in it (the Python process has ended, or Node is exiting). */
  removeAll(): void {
    this.cancelRemoveOnExit();
    this.free.clear();
    this.inUse.clear();
    this.lent.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Bytes held in files: free ones, ones operations name, ones Python has (diagnostics and tests). */
  get held(): { free: number; inUse: number; lent: number } {
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    return { free: sum(this.free), inUse: sum(this.inUse), lent: sum(this.lent) };
  }

  /**
   * A file of exactly `bytes` bytes, now in use and open for writing: a free one that fits, else a new one;
   * undefined if there is no room (or the folder is gone).
   */
  private take(bytes: number): { name: string; fd: number } | undefined {
    this.takeBackGiven();
    // The smallest free file of at least `bytes` and at most twice that (cutting a much larger one would give its
    // pages back to the kernel, which is what keeping it was meant to avoid).
    let best: string | undefined;
    let bestSize = Infinity;
    for (const [name, size] of this.free) {
      if (size >= bytes && size <= 2 * bytes && size < bestSize) [best, bestSize] = [name, size];
    }
    if (best === undefined) {
      // A new file: make room by dropping free files first, then ask whether /dev/shm can spare it.
      while (!this.roomFor(bytes) && this.free.size > 0) this.dropOldestFree();
      if (!this.roomFor(bytes)) return undefined;
    }
    const name = best ?? String(this.nextName++);
    this.free.delete(name);
    this.inUse.set(name, bytes);
    let fd: number | undefined;
    try {
      fd = best === undefined
        ? openSync(join(this.dir, name), "wx", 0o600)
        : openSync(join(this.dir, name), constants.O_WRONLY | constants.O_NOFOLLOW);
      ftruncateSync(fd, bytes);
      return { name, fd };
    } catch {
      if (fd !== undefined) closeSync(fd);
      this.remove(name);
      return undefined;
    }
  }

  /** Takes back the files Python has given back (renamed "<n>.free"), as free files. */
  private takeBackGiven(): void {
    if (this.lent.size === 0) return;
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    for (const entry of names) {
      if (!entry.endsWith(GIVEN_BACK)) continue;
      const name = entry.slice(0, -GIVEN_BACK.length);
      const size = this.lent.get(name);
      if (size === undefined) continue;
      this.lent.delete(name);
      try {
        renameSync(join(this.dir, entry), join(this.dir, name));
        this.free.set(name, size);
      } catch {
        // gone meanwhile: nothing to keep
      }
    }
    // A file a forked process may still view is unlinked, not given back: forget those no longer there.
    if (this.lent.size > 0) {
      const present = new Set(names);
      for (const name of this.lent.keys()) if (!present.has(`${name}${MAPPED}`)) this.lent.delete(name);
    }
  }

  /** Removes the least recently freed files until the free ones hold at most KEEP_FREE_BYTES. */
  private trim(): void {
    while (this.free.size > 0 && this.held.free > KEEP_FREE_BYTES) this.dropOldestFree();
  }

  private dropOldestFree(): void {
    const oldest = this.free.keys().next().value as string;
    this.free.delete(oldest);
    this.unlink(oldest);
  }

  private roomFor(bytes: number): boolean {
    try {
      return leavesRoom(statfsSync(this.dir), bytes);
    } catch {
      return false;
    }
  }

  private exists(name: string): boolean {
    try {
      accessSync(join(this.dir, name));
      return true;
    } catch {
      return false;
    }
  }

  private remove(name: string): void {
    this.inUse.delete(name);
    this.free.delete(name);
    this.unlink(name);
  }

  private unlink(name: string): void {
    try {
      unlinkSync(join(this.dir, name));
    } catch {
      // already gone (the folder was removed)
    }
  }
}
