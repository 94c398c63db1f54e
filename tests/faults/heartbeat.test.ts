// Liveness by heartbeats: a long call in a healthy process is fine; a process that stops answering (SIGSTOP)
// makes the pending calls fail after the configured heartbeat timeout, and the next use starts a new process.
import { afterAll, describe, expect, it } from "vitest";
import { Bridge, PythonUnresponsiveError, isBridgeError } from "../../src/index.js";
import { alive } from "../support/processes.js";

const bridge = new Bridge();
bridge.configure({ heartbeatIntervalMs: 200, heartbeatTimeoutMs: 1500 });
afterAll(() => bridge.shutdown());

describe("heartbeats", () => {
  it("a call longer than the heartbeat timeout succeeds while the process answers heartbeats", async () => {
    const started = Date.now();
    expect(await bridge.eval("__import__('time').sleep(4) or 'done'")).toBe("done");
    expect(Date.now() - started).toBeGreaterThanOrEqual(4000);
  });

  it("a busy pure-Python loop keeps answering heartbeats", async () => {
    expect(await bridge.eval("sum(i * i for i in range(30_000_000)) > 0")).toBe(true);
  });

  it("native code holding the GIL longer than the timeout (a long scikit-learn fit) is not taken for death", async () => {
    // A regular expression that backtracks catastrophically runs in C with the GIL held: the heartbeat
    // thread cannot answer, but the process is running on a CPU, which the bridge reads from /proc.
    const started = Date.now();
    const n = 27; // about 3 to 6 s on this machine, well past the 1.5 s heartbeat timeout
    expect(await bridge.eval(`__import__('re').match(r'(a+)+$', 'a' * ${n} + 'b') is None`)).toBe(true);
    expect(Date.now() - started).toBeGreaterThan(1500);
  });

  it("a stopped process (SIGSTOP) fails the pending call with a clear error, and is replaced", async () => {
    const pid = (await bridge.pid())!;
    const call = bridge.eval("__import__('time').sleep(60)");
    const outcome = call.then(
      () => new Error("resolved"),
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 300));
    process.kill(pid, "SIGSTOP");
    const error = await outcome;
    expect(error).toBeInstanceOf(PythonUnresponsiveError);
    expect(isBridgeError(error)).toBe(true);
    expect((error as Error).message).toMatch(/has not answered heartbeats for \d+\.\d s/);
    expect((error as PythonUnresponsiveError).silentMs).toBeGreaterThanOrEqual(1500);
    // The stopped process is killed (SIGKILL works on a stopped process) rather than left behind.
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
    expect(await bridge.eval("40 + 2")).toBe(42);
    expect(await bridge.pid()).not.toBe(pid);
  });
});
