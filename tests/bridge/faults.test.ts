// What happens when Python dies, misbehaves, or is sent something it cannot read.
import { afterAll, describe, expect, it, vi } from "vitest";
import { BridgeError, ProcessExitedError, py } from "../../src/index.js";
import { encode } from "../../src/bridge/wire/codec.js";

afterAll(() => py.shutdown());

describe("faults", () => {
  it("a crash mid-call rejects every pending call with the exit code and the stderr tail", async () => {
    await py.exec("import os; os.write(2, b'last words before the crash\\n')");
    // The crash comes from another thread while the main thread is busy in a call.
    const timer = py.exec("import threading, os; threading.Timer(0.3, lambda: os._exit(3)).start()");
    const slow = py.eval("__import__('time').sleep(30)");
    const after = py.eval("1 + 1");
    const results = await Promise.allSettled([timer.then(), slow.then(), after.then()]);
    results.shift(); // the timer's own call may have completed before the crash
    for (const r of results) {
      expect(r.status).toBe("rejected");
      const e = (r as PromiseRejectedResult).reason as ProcessExitedError;
      expect(e).toBeInstanceOf(ProcessExitedError);
      expect(e.exitCode).toBe(3);
      expect(e.stderrTail).toContain("last words before the crash");
      expect(e.message).toContain("exited with code 3");
    }
  });

  it("a killed process is reported with its signal, and the next call starts a fresh process, saying so once", async () => {
    const firstPid = await py.pid();
    const os = py.import("os");
    const killed = await os.kill(firstPid, 9).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(killed).toBeInstanceOf(ProcessExitedError);
    expect((killed as ProcessExitedError).signal).toBe("SIGKILL");

    const writes: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      expect(await py.eval("2 + 2")).toBe(4);
      expect(await py.eval("3 + 3")).toBe(6);
    } finally {
      spy.mockRestore();
    }
    const notices = writes.filter((w) => w.includes("starting a new one"));
    expect(notices).toHaveLength(1);
    expect(await py.pid()).not.toBe(firstPid);
  });

  it("a proxy from a dead process says so instead of hanging", async () => {
    const math = py.import("math");
    await math.pi;
    await py.restart();
    expect(() => math.sqrt(4)).toThrow(/belongs to a Python process that has ended/);
    await expect(math.pi.then()).rejects.toThrow(/belongs to a Python process that has ended/);
    expect(await py.import("math").sqrt(9)).toBe(3);
  });

  it("an undecodable message gets an error reply and the server keeps serving", async () => {
    const session = py.current();
    await session.started;
    const transport = (session as unknown as { transport: { send(f: Uint8Array[]): void } }).transport;
    transport.send([Buffer.from([0xc1, 0xff, 0x00])]); // 0xc1 is never valid msgpack
    transport.send([encode({ not: "a batch" })]);
    transport.send([encode([999_999, null, [[12345, 1]]])]); // an unknown op kind
    // Neither failure is lost: the bad operation's (which Python reports) surfaces at the next await...
    await expect(py.eval("40 + 2").then()).rejects.toThrow(/unknown operation kind 12345/);
    // ...the unreadable messages' at the one after...
    await expect(py.eval("40 + 2").then()).rejects.toThrow(/could not read the operations sent together .*undecodable message/);
    // ...and the server goes on serving.
    expect(await py.eval("40 + 2")).toBe(42);
  });

  it("py.shutdown ends the process and the next use starts another", async () => {
    const pid = (await py.pid())!;
    await py.shutdown();
    expect(() => process.kill(pid, 0)).toThrow();
    expect(await py.eval("1")).toBe(1);
  });

  it("a missing interpreter is a clear error, not a hang", async () => {
    const { Bridge } = await import("../../src/bridge/py.js");
    const bridge = new Bridge();
    bridge.configure({ python: "/nonexistent/python3" });
    const err = await bridge.eval("1").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BridgeError);
    expect(String(err)).toMatch(/nonexistent\/python3/);
  });
});
