// Operations are sent without waiting; those issued in one tick travel together; failures are not lost.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { Bridge, len, py, PythonError, str } from "../../src/index.js";

afterAll(() => py.shutdown());

describe("pipelining", () => {
  it("a chain of calls issued in one tick is one message", async () => {
    const b = py.builtins;
    await b.len([]);
    const session = py.current();
    const before = session.sentBatches;
    let x = b.list([3, 1, 2]);
    x = b.sorted(x);
    x = b.reversed(x);
    x = b.list(x);
    const y = b.tuple(x);
    expect(await y).toEqual([3, 2, 1]);
    expect(session.sentBatches - before).toBe(1);
  });

  it("a long synchronous run goes out in slices of 256 operations, run in order", async () => {
    const b = py.builtins;
    const xs = b.list();
    await xs;
    const session = py.current();
    const before = session.sentBatches;
    for (let i = 0; i < 1000; i++) xs.append(i); // Python starts on the first slices while JS issues the rest
    const items = (await xs) as number[];
    expect(items).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(session.sentBatches - before).toBe(4); // 256 + 256 + 256 + (232 and the await)
  });

  it("a long run of calls that pass arrays keeps each array with its call", async () => {
    const sums: unknown[] = [];
    const sum = py.eval("lambda a: float(a.sum())");
    for (let i = 0; i < 600; i++) sums.push(sum(Float32Array.of(i, 1)));
    expect(await Promise.all(sums)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
  });

  it("a call and the await right after it cost one message", async () => {
    const math = py.import("math");
    await math.pi;
    const session = py.current();
    const before = session.sentBatches;
    for (let i = 0; i < 20; i++) expect(await math.sqrt(i * i)).toBe(i);
    expect(session.sentBatches - before).toBe(20);
  });

  it("a failure nobody awaited surfaces at the first await that depends on it, naming the line that issued it", async () => {
    const b = py.builtins;
    const bad = b.int("not a number"); // fails in Python; nobody awaits it
    const dependent = b.str(bad); // depends on the failure
    const err = (await dependent.then(() => undefined, (e: unknown) => e)) as PythonError;
    expect(err).toBeInstanceOf(PythonError);
    expect(err.type).toBe("ValueError");
    expect(err.message).toContain("invalid literal for int()");
    const source = readFileSync(fileURLToPath(import.meta.url), "utf8").split(/\r?\n/);
    const line = source.findIndex((l) => l.includes(`b.int("not a number")`)) + 1;
    expect(err.callSite).toMatch(new RegExp(`pipelining\\.test\\.ts:${line}:`)); // the line of that call
  });

  it("with callSites: false a failure still arrives whole, without the line that issued it", async () => {
    const quiet = new Bridge();
    quiet.configure({ callSites: false });
    try {
      const err = (await quiet.builtins.int("x").then(() => undefined, (e: unknown) => e)) as PythonError;
      expect(err).toBeInstanceOf(PythonError);
      expect(err.type).toBe("ValueError");
      expect(err.pythonTraceback).toContain("invalid literal");
      expect(err.callSite).toBeUndefined();
      // len() and str() reach the process their argument lives in, not the global py's.
      const xs = quiet.builtins.list([1, 2, 3]);
      expect(await len(xs)).toBe(3);
      expect(await str(xs)).toBe("[1, 2, 3]");
      expect(() => quiet.configure({ callSites: "no" as unknown as boolean })).toThrow(/option "callSites" must be true or false/);
    } finally {
      await quiet.shutdown();
    }
  });

  it("a failure nobody awaited and nothing depends on surfaces at the next await", async () => {
    const b = py.builtins;
    b.int("nope"); // a statement whose failure would otherwise vanish
    await expect(b.len([1]).then()).rejects.toThrow(/invalid literal for int\(\) with base 10: 'nope'/);
    expect(await b.len([1])).toBe(1); // reported once
  });

  it("Promise.allSettled of calls awaited together gives each its own outcome (a failure is not pinned on a neighbour)", async () => {
    // Found by trying the library as a new user: the failing call's error surfaced at the first await of the batch.
    const math = py.import("math");
    const settled = await Promise.allSettled([math.sqrt(4), math.sqrt(-1), math.sqrt(9)]);
    expect(settled.map((s) => (s.status === "fulfilled" ? s.value : (s.reason as PythonError).type))).toEqual([2, "ValueError", 3]);
    expect(await math.sqrt(16)).toBe(4); // and nothing is left to surface later
  });

  it("arithmetic on a proxy is a TypeError that says to await it, not a silent NaN; as a string it is its label", () => {
    const n = py.builtins.int(3);
    expect(() => (n as unknown as number) * 2).toThrow(/is a Python object, not a JS number: await it first/);
    expect(() => Math.ceil(n as unknown as number)).toThrow(TypeError);
    expect(`${n}`).toMatch(/int/);
  });

  it("a Python error keeps its __cause__ chain", async () => {
    py.exec(`
def chained():
    try:
        {}["missing"]
    except KeyError as e:
        raise RuntimeError("lookup failed") from e
`);
    const err = (await py.eval("chained")().then(() => undefined, (e: unknown) => e)) as PythonError;
    expect(err.type).toBe("RuntimeError");
    expect(err.cause).toBeInstanceOf(PythonError);
    expect((err.cause as PythonError).type).toBe("KeyError");
    expect(err.pythonTraceback).toContain("in chained");
  });

  it("str() gives Python's str", async () => {
    const torchLike = py.eval("(1, 2)");
    expect(await str(torchLike)).toBe("(1, 2)");
  });
});

describe("Python's output", () => {
  it("reaches process.stdout while the call that prints is still running", async () => {
    const seen: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      seen.push(String(chunk));
      return true;
    });
    let finished = false;
    try {
      const call = py.exec("print('first line', flush=True)\nimport time\ntime.sleep(3)\nprint('second line')");
      void call.then(() => (finished = true), () => (finished = true));
      while (!seen.join("").includes("first line")) await new Promise((r) => setTimeout(r, 20));
      expect(finished).toBe(false);
      await call;
    } finally {
      spy.mockRestore();
    }
    expect(seen.join("")).toBe("first line\nsecond line\n");
  });

  it("arrives before the await of the call that printed it resolves", async () => {
    const seen: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      seen.push(String(chunk));
      return true;
    });
    try {
      await py.builtins.print("in order");
      seen.push("after await");
    } finally {
      spy.mockRestore();
    }
    expect(seen).toEqual(["in order\n", "after await"]);
  });

  it("stderr goes to process.stderr", async () => {
    const seen: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      seen.push(String(chunk));
      return true;
    });
    try {
      await py.exec("import sys; print('to stderr', file=sys.stderr)");
    } finally {
      spy.mockRestore();
    }
    expect(seen.join("")).toContain("to stderr");
  });
});
