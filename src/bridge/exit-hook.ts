// Work to do when Node exits (kill a Python process, remove a private folder), through one `exit` listener for
// the whole package: a listener each would trip Node's MaxListenersExceededWarning past ten (a pool of processes
// has a Python process and a shared-memory folder each).
const actions = new Set<() => void>();
let hooked = false;

/** Runs `action` when Node exits, unless the returned function is called first. */
export function atNodeExit(action: () => void): () => void {
  actions.add(action);
  if (!hooked) {
    hooked = true;
    process.on("exit", () => {
      for (const a of [...actions]) a();
    });
  }
  return () => actions.delete(action);
}
