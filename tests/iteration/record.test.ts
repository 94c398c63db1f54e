// recordFunction and pythonFunction: a JS function recorded once, replayed inside Python.
import { afterAll, describe, expect, it, vi } from "vitest";
import {
  BridgeError,
  NotRecordableError,
  PythonError,
  py,
  pythonFunction,
  recordFunction,
  str,
  tuple,
  type PyObject,
} from "../../src/index.js";

afterAll(() => py.shutdown());

const call = (f: PyObject, ...args: unknown[]) => py.eval("lambda f, *a: f(*a)")(f, ...args);

describe("recordFunction", () => {
  it("replays item reads and writes, method calls with keyword arguments, and tuple()", async () => {
    const f = recordFunction((batch: PyObject) => {
      batch[0] = batch[0].upper();
      batch[1] = batch[1].replace("a", "o", { __count: undefined }); // undefined keywords are dropped
      return tuple(batch[1], batch[0], batch.__len__());
    }, 1);
    expect(await str(f)).toMatch(/^<recorded JS function/);
    expect(await call(f, ["abc", "banana"])).toEqual(["bonono", "ABC", 2]);
    expect(await call(f, ["x", "a"])).toEqual(["o", "X", 2]); // every call is fresh
  });

  it("keeps the outside values it uses, even once their proxies are released", async () => {
    const math = py.import("math");
    // `scale` is released at the end of the scope; the recorded function (returned, so kept) still has it.
    const f = await py.scope(() => {
      const scale = py.eval("10.0");
      return recordFunction((x: PyObject) => math.pow(x, 2).__mul__(scale), 1);
    });
    await py.stats(); // the release has reached Python
    expect(await call(f, 3)).toBe(90);
  });

  it("sends reads that do not depend on the arguments once, for real: the proxies stay usable", async () => {
    const math = py.import("math");
    const pi = math.pi; // an expression not sent yet; first used inside the function
    const f = recordFunction((x: PyObject) => math.prod([x, pi]), 1);
    expect(await call(f, 2)).toBeCloseTo(2 * Math.PI);
    expect(await pi).toBeCloseTo(Math.PI);
  });

  it("carries typed arrays used inside the function", async () => {
    const np = py.import("numpy");
    const f = recordFunction((x: PyObject) => np.add(x, new Float64Array([1, 2, 3])).tolist(), 1);
    expect(await call(f, 1)).toEqual([2, 3, 4]);
    expect(await call(f, 10)).toEqual([11, 12, 13]);
  });

  it("keeps the JS functions it passes to Python for all its calls", async () => {
    const b = py.builtins;
    const f = recordFunction((xs: PyObject) => b.list(b.map((v: number) => v * 2, xs)), 1);
    expect(await call(f, [1, 2])).toEqual([2, 4]);
    await py.exec("import gc; gc.collect()");
    expect(await call(f, [3])).toEqual([6]);
  });

  it("an exception raised while replaying is a PythonError where the call is awaited", async () => {
    const f = recordFunction((d: PyObject) => d[3], 1);
    const err = await call(f, [1]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PythonError);
    expect((err as PythonError).type).toBe("IndexError");
    const wrongArity = await call(f).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((wrongArity as PythonError).pythonMessage).toMatch(/takes 1 positional argument\(s\), got 0/);
  });

  it("refuses functions that need JS at each call, saying why", () => {
    expect(() => recordFunction(async (x: PyObject) => x, 1)).toThrow(NotRecordableError);
    expect(() => recordFunction((x: PyObject) => Promise.resolve(x), 1)).toThrow(/returns a promise/);
    expect(() => recordFunction((x: PyObject) => `${x}!`, 1)).toThrow(/cannot become a JS string or number/);
    expect(() => recordFunction((x: PyObject) => Number(x) * 2, 1)).toThrow(NotRecordableError);
    expect(() => recordFunction((x: PyObject) => x.then, 1)).toThrow(/cannot become a JS value/);
    expect(() => recordFunction(3 as never, 1)).toThrow(TypeError);
    expect(() => recordFunction((x: PyObject) => x, -1)).toThrow(/arity must be a whole number/);
  });

  it("refuses a function that asks Python for a reply, and rejects that request", async () => {
    let pending: Promise<unknown> | undefined;
    expect(() =>
      recordFunction((x: PyObject) => {
        pending = py.stats();
        return x;
      }, 1),
    ).toThrow(/waits for a reply from Python/);
    await expect(pending).rejects.toThrow(/cannot wait for a value/);
    expect((await py.stats()).handles).toBeGreaterThan(0); // the session goes on
  });

  it("the placeholders exist only inside the recording", async () => {
    let leaked: PyObject | undefined;
    recordFunction((x: PyObject) => {
      leaked = x[0];
      return leaked;
    }, 1);
    expect(() => leaked!.foo()).toThrow(BridgeError);
    expect(() => leaked!.foo()).toThrow(/exists only inside a function recorded for Python/);
  });
});

describe("pythonFunction", () => {
  it("records when it can, and otherwise calls back into JS with converted arguments", async () => {
    const session = py.current();
    const callbacks = vi.spyOn((session as unknown as { callbacks: { run: () => void } }).callbacks, "run");
    const recorded = pythonFunction((x: PyObject) => x.__add__(1), { arity: 1 });
    expect(await call(recorded, 1)).toBe(2);
    expect(callbacks).not.toHaveBeenCalled();
    const jsSide = pythonFunction((x: number) => x * 2);
    expect(await str(jsSide)).toMatch(/JavaScript function/);
    expect(await call(jsSide, 21)).toBe(42);
    expect(callbacks).toHaveBeenCalledTimes(1);
    callbacks.mockRestore();
    const python = py.eval("abs");
    expect(pythonFunction(python)).toBe(python);
  });
});
