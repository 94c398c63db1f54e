// A remote server that vanishes must not take the rest of the process's ZeroMQ with it. zeromq.js's socket
// monitor, once closed, leaves libzmq's end attached, and libzmq's next event for that socket (the drop of the
// connection) then blocks ZeroMQ's I/O thread for ever: every bridge of the process stopped answering (a Ray
// pool lost its live workers when another's actor was killed). Run in a fresh process under a watchdog.
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

const fixture = fileURLToPath(new URL("./fixtures/server-vanishes.ts", import.meta.url));

describe("a remote server that vanishes", () => {
  it("leaves the script's other bridges answering, and fails the remote's calls with a clear error", async () => {
    const result = await execa(process.execPath, ["--import", "tsx", fixture], { reject: false, timeout: 90_000 });
    expect(result.timedOut, `the script hung:\n${result.stderr}`).toBe(false);
    const line = result.stdout.split("\n").find((l) => l.startsWith("{"));
    expect(line, result.stderr).toBeDefined();
    expect(JSON.parse(line!)).toEqual({ before: { local: 2, remote: 4 }, after: { local: 6 }, remoteFails: "PythonUnresponsiveError" });
  }, 120_000);
});
