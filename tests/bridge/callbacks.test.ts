// JS functions as Python callables, re-entrant; and Python's `with`.
import { afterAll, describe, expect, it } from "vitest";
import { callback, py, PythonError, withPy } from "../../src/index.js";

afterAll(() => py.shutdown());

py.exec(`
def apply(f, *args, **kwargs):
    return f(*args, **kwargs)

def twice(f, x):
    return f(f(x))

def catching(f):
    try:
        f()
    except Exception as e:
        return f"{type(e).__name__}: {e}"

class Recorder:
    def __init__(self):
        self.log = []
    def __enter__(self):
        self.log.append("enter")
        return self
    def __exit__(self, exc_type, exc, tb):
        self.log.append(f"exit {exc_type.__name__ if exc_type else None}: {exc}")
        return self.suppress
    suppress = False
`);

describe("JS functions called from Python", () => {
  it("receive converted arguments and keyword arguments, and return values", async () => {
    const apply = py.eval("apply");
    expect(await apply((a: number, b: string, kw: { c: number[] }) => `${a}${b}${kw.c.length}`, 1, "x", { c: [1, 2] })).toBe("1x2");
  });

  it("may call back into Python while the Python call that called them is still running (re-entrant)", async () => {
    const twice = py.eval("twice");
    const math = py.import("math");
    // Each JS call awaits a Python call, issued while `twice` is still on Python's stack.
    const result = await twice(async (x: number) => (await math.sqrt(x)) as number, 256);
    expect(result).toBe(4);
    // Nested three levels deep: Python -> JS -> Python -> JS.
    const nested = await twice(async (x: number) => (await twice((y: number) => y + 1, x)) as number, 0);
    expect(nested).toBe(4);
  });

  it("an operation issued after a running call waits for it, even while that call runs JS callbacks", async () => {
    const log = py.eval("[]");
    const apply = py.eval("apply");
    const first = apply(async () => {
      await log.append("inside callback");
      return 1;
    });
    log.append("after the call"); // pipelined behind `first`: must not run inside it
    await first;
    expect(await log).toEqual(["inside callback", "after the call"]);
  });

  it("a JS exception becomes a Python exception, and comes back with the original JS error as cause", async () => {
    const catching = py.eval("catching");
    expect(await catching(() => {
      throw new RangeError("out of range");
    })).toBe("JSError: RangeError: out of range");
    const boom = new Error("boom");
    const err = (await py.eval("apply")(() => {
      throw boom;
    }).then(() => undefined, (e: unknown) => e)) as PythonError;
    expect(err).toBeInstanceOf(PythonError);
    expect(err.type).toBe("tsreticulate.errors.JSError");
    expect(err.cause).toBe(boom);
  });

  it("a JS function returning the proxy of a failing operation: Python's call raises that failure, nothing hangs", async () => {
    const math = py.import("math");
    expect(await py.eval("apply")(() => math.sqrt(4))).toBe(2); // an unawaited proxy is a fine result
    const err = (await py.eval("apply")(() => math.sqrt(-1)).then(() => undefined, (e: unknown) => e)) as PythonError;
    expect(err).toBeInstanceOf(PythonError);
    expect(err.message).toMatch(/^ValueError: math domain error/);
    expect(err.message).toContain("callbacks.test.ts"); // issued at the line inside the JS function
    expect(await py.eval("catching")(() => math.sqrt(-1))).toMatch(/ValueError|math domain error/);
  });

  it("callback(fn, { convert: false }) hands proxies instead of JS values", async () => {
    const apply = py.eval("apply");
    const seen = await apply(
      callback(async (d: any) => (await d.__class__.__name__) as string, { convert: false }),
      py.eval("{'a': 1}"),
    );
    expect(seen).toBe("dict");
  });
});

describe("withPy", () => {
  it("calls __enter__ and __exit__ around the body", async () => {
    const r = py.eval("Recorder()");
    const out = await withPy(r, async (value) => (await value.log) as string[]);
    expect(out).toEqual(["enter"]);
    expect(await r.log).toEqual(["enter", "exit None: None"]);
  });

  it("passes the JS exception to __exit__ and rethrows it", async () => {
    const r = py.eval("Recorder()");
    const error = new Error("body failed");
    await expect(
      withPy(r, () => {
        throw error;
      }),
    ).rejects.toBe(error);
    expect(await r.log).toEqual(["enter", "exit JSError: Error: body failed"]);
  });

  it("a true __exit__ suppresses the exception", async () => {
    const r = py.eval("Recorder()");
    r.suppress = true;
    expect(
      await withPy(r, () => {
        throw new Error("swallowed");
      }),
    ).toBeUndefined();
  });
});

describe("JS function lifetime", () => {
  it("a JS function is dropped once Python holds it no longer", async () => {
    const apply = py.eval("apply");
    await apply(() => 1);
    const session = py.current();
    const before = session.registeredCallbacks;
    for (let i = 0; i < 50; i++) await apply((x: number) => x + i, 1);
    await py.eval("__import__('gc').collect()");
    await py.eval("1");
    expect(session.registeredCallbacks).toBeLessThanOrEqual(before);
    const kept = py.eval("[]");
    kept.append((x: number) => x * 2); // Python keeps this one
    await py.eval("1");
    expect(await py.eval("lambda l: l[0](21)")(kept)).toBe(42);
  });
});

describe("the builtins inside a JS callback", () => {
  it("used for the first time inside a callback, they work (they were imported where the callback could not see them)", async () => {
    const { Bridge, len, str } = await import("../../src/index.js");
    const fresh = new Bridge(); // its builtins are not imported yet
    try {
      const viaPython = fresh.eval("lambda f: f([1, 2, 3])");
      expect(await viaPython(async (x: unknown) => [await fresh.builtins.len(x), await str(fresh.builtins.max(x)), await len(fresh.builtins.list(x))])).toEqual([3, "3", 3]);
    } finally {
      await fresh.shutdown();
    }
  });
});
