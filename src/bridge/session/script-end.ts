// The end of a script: when Node has nothing left to do ("beforeExit", a normal end), each live session is shut
// down as Python ends a script, running its atexit handlers and reporting failures nothing awaited. When Node
// exits otherwise (process.exit, an uncaught exception), the process is killed (process/process.ts).

/** What the script's end asks of a session. */
export interface Endable {
  readonly dead: boolean;
  shutdown(): Promise<void>;
}

const liveSessions = new Set<Endable>();
let scriptEndHooked = false;

export function watchForScriptEnd(session: Endable): void {
  liveSessions.add(session);
  if (scriptEndHooked) return;
  scriptEndHooked = true;
  process.on("beforeExit", () => {
    for (const s of liveSessions) {
      liveSessions.delete(s);
      if (!s.dead) void s.shutdown();
    }
  });
}

export function forgetSession(session: Endable): void {
  liveSessions.delete(session);
}
