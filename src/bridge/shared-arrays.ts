// The JS side of arrays handed over in shared memory (python/tsreticulate/shared.py says why and how): a session
// with a local Python process makes a private folder in /dev/shm as it is created (so calls issued before Python
// has started use it too) and names it on Python's command line; an array over SNAPSHOT_BYTES (conversion.ts) is
// written there as a file of its own when the call is made, and the message names the file. Python maps and
// unlinks it.
//
// Copies JS -> Python: one, the kernel's write of the typed array into the file's pages (measured here at
// 1.4-1.7 GB/s into a new tmpfs file, against about 1 GB/s for the socket path's two copies; see BENCHMARKS.md).
// The write is synchronous: the call returns once the bytes are the call's own, so the caller may change its
// array at once, and the batch that names the file cannot leave before the file is complete.
import { accessSync, closeSync, constants, openSync, rmSync, statfsSync, unlinkSync, writeSync } from "node:fs";
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

function roomIn(dir: string, bytes: number): boolean {
  try {
    return leavesRoom(statfsSync(dir), bytes);
  } catch {
    return false;
  }
}

const SHARED_ROOT = "/dev/shm";

export class SharedArrayWriter {
  /** A writer with a new private folder (mode 0700), or undefined where there is no writable /dev/shm. */
  static create(): SharedArrayWriter | undefined {
    try {
      accessSync(SHARED_ROOT, constants.W_OK);
      return new SharedArrayWriter(makePrivateDir(SHARED_ROOT));
    } catch {
      return undefined;
    }
  }

  private nextName = 1;
  /** Files written whose operation has not finished: removed if Python never mapped them. */
  private readonly pending = new Set<string>();
  private readonly cancelRemoveOnExit = atNodeExit(() => this.removeAll());

  private constructor(readonly dir: string) {}

  /** Writes `bytes` into a new file; returns its name, or undefined (the caller sends a frame instead). */
  write(bytes: Uint8Array): string | undefined {
    if (!roomIn(this.dir, bytes.byteLength)) return undefined;
    const name = String(this.nextName++);
    const path = join(this.dir, name);
    let fd: number | undefined;
    try {
      fd = openSync(path, "wx", 0o600);
      for (let offset = 0; offset < bytes.byteLength; ) {
        offset += writeSync(fd, bytes, offset, bytes.byteLength - offset, offset);
      }
      closeSync(fd);
    } catch {
      // The folder is gone, or tmpfs is full (ENOSPC): the frame path still works.
      if (fd !== undefined) closeSync(fd);
      this.unlink(path);
      return undefined;
    }
    this.pending.add(name);
    return name;
  }

  /** The operations that named these files have run: Python has unlinked what it mapped; the rest goes. */
  finished(names: readonly string[]): void {
    for (const name of names) {
      if (this.pending.delete(name)) this.unlink(join(this.dir, name));
    }
  }

  /** Removes the folder and whatever is in it (the Python process has ended, or Node is exiting). */
  removeAll(): void {
    this.cancelRemoveOnExit();
    this.pending.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private unlink(path: string): void {
    try {
      unlinkSync(path);
    } catch {
      // ENOENT: Python mapped and unlinked it
    }
  }
}
