// Work to do when Node ends (kill a Python process, remove a private folder), through one hook for the whole
// package: a listener each would trip Node's MaxListenersExceededWarning past ten (a pool of processes has a
// Python process and a shared-memory folder each).
//
// Node runs `exit` listeners only when it exits by itself or through process.exit(): a SIGTERM, SIGINT or SIGHUP
// that nobody handles ends it without them, and left the private folders in /tmp and /dev/shm behind. signal-exit
// (the package execa, nyc and others use for this) runs the hook on those signals too, then re-raises the signal,
// so Node still dies of it as it would have; where the program listens to the signal itself, it does nothing.
import { onExit } from "signal-exit";

const actions = new Set<() => void>();
let hooked = false;

/** Runs `action` when Node exits or is ended by a signal, unless the returned function is called first. */
export function atNodeExit(action: () => void): () => void {
  actions.add(action);
  if (!hooked) {
    hooked = true;
    onExit(() => {
      for (const a of [...actions]) a();
    });
  }
  return () => actions.delete(action);
}
