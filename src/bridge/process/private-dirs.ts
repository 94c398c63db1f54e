// The bridge's private folders (the ZeroMQ socket's in the temporary folder, the shared-memory arrays' in
// /dev/shm): mode 0700, named after the Node process that owns them. A Node process killed outright (SIGKILL, a
// test runner stopping its workers) runs no exit handler, and its Python process is killed with it (PDEATHSIG),
// so nobody removes its folders; the next bridge to start removes those whose owner is gone.
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

const PREFIX = "tsreticulate-";
const OWNED = new RegExp(`^${PREFIX}(\\d+)-`); // the owner's pid

export function makePrivateDir(root: string): string {
  removeAbandoned(root);
  return mkdtempSync(join(root, `${PREFIX}${process.pid}-`));
}

function removeAbandoned(root: string): void {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const owner = OWNED.exec(name);
    if (!owner || Number(owner[1]) === process.pid || isAlive(Number(owner[1]))) continue;
    const path = join(root, name);
    try {
      if (uid !== undefined && statSync(path).uid !== uid) continue;
      rmSync(path, { recursive: true, force: true });
    } catch {
      // another bridge removed it first, or it is not ours to remove
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // alive, another user's
  }
}
