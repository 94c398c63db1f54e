// Every rule of the translation table (../shared/design/workshop-translation.md), against a real Python.
import { afterAll, describe, expect, it } from "vitest";
import { None, dict, float, item, py, setItem, str, toJs, toPy, tuple, PythonError } from "../../src/index.js";

afterAll(() => py.shutdown());

const b = () => py.builtins;

describe("the translation table", () => {
  it("py.import returns a proxy at once and attribute calls are pipelined", async () => {
    const math = py.import("math");
    expect(typeof math).toBe("function"); // callable proxy, no await needed
    expect(await math.sqrt(16)).toBe(4);
    expect(await math.pi).toBeCloseTo(Math.PI);
  });

  it("a trailing plain object literal is the keyword arguments; dict() passes a dict positionally", async () => {
    const f = py.eval("lambda *a, **k: [list(a), k]");
    expect(await f(1, { sep: "x" })).toEqual([[1], { sep: "x" }]);
    expect(await f(dict({ a: 1 }))).toEqual([[{ a: 1 }], {}]);
    expect(await f(1, undefined, undefined)).toEqual([[1], {}]); // trailing undefined dropped
  });

  it("numeric keys are __getitem__ / __setitem__, string keys go through item() and setItem()", async () => {
    const l = b().list([1, 2, 3]);
    l[0] = 10;
    expect(await l[0]).toBe(10);
    expect(await l[-1]).toBe(3);
    const d = b().dict({ k: 1 });
    setItem(d, "k", 2);
    expect(await item(d, "k")).toBe(2);
    const batch = py.eval("[1, 2]");
    batch[0] = batch[1];
    expect(await batch).toEqual([2, 2]);
  });

  it("on a dict, d.k = v and delete d.k set and delete the item where there is no such attribute (reticulate's `$<-`)", async () => {
    const d = b().dict({ keep: 0 }) as any;
    d.a = 1;
    d.b = tuple(2, 3);
    expect(await d).toEqual({ keep: 0, a: 1, b: [2, 3] });
    delete d.keep;
    expect(await d).toEqual({ a: 1, b: [2, 3] });
    // Attributes of other objects are still attributes, and a missing one still fails.
    const ns = py.import("types").SimpleNamespace() as any;
    ns.a = 1;
    expect(await ns.a).toBe(1);
    delete d.missing;
    const next = async () => await py.eval("1"); // a failure nothing awaited surfaces at the next await
    await expect(next()).rejects.toMatchObject({ type: "AttributeError" });
    const list = b().list() as any;
    list.a = 1;
    await expect(next()).rejects.toMatchObject({ type: "AttributeError" });
  });

  it("integral numbers are int, float() forces a float, BigInt is int", async () => {
    const typeName = (v: unknown) => b().type(v).__name__;
    expect(await typeName(32)).toBe("int");
    expect(await typeName(1.5)).toBe("float");
    expect(await typeName(float(1))).toBe("float");
    expect(await typeName(2 ** 40)).toBe("int");
    expect(await typeName(2n ** 80n)).toBe("int");
    expect(await b().repr(2n ** 80n)).toBe(String(2n ** 80n));
    // Past 2^53 a JS number has already lost integer precision: it stays a float; BigInt is the exact way.
    expect(await b().repr(2 ** 53 + 2)).toBe("9007199254740994.0");
    expect(await b().repr(2n ** 53n + 1n)).toBe("9007199254740993");
  });

  it("tuple(), arrays, dict() and nested objects keep their Python types", async () => {
    const types = py.eval("lambda v: type(v).__name__");
    expect(await types(tuple(32, 32, 3))).toBe("tuple");
    expect(await types([1, 2])).toBe("list");
    expect(await types(dict({ a: 1 }))).toBe("dict");
    expect(await types([{ a: 1 }])).toBe("list"); // a nested plain object is a dict
    expect(await py.eval("lambda v: type(v[0]).__name__")([{ a: 1 }])).toBe("dict");
    expect(await str(py.eval("lambda v: v")([tuple(1, [2, dict({ x: tuple() })])]))).toBe(
      "[(1, [2, {'x': ()}])]",
    );
  });

  it("null and None are Python None", async () => {
    expect(await b().repr(null)).toBe("None");
    expect(await b().repr(None)).toBe("None");
    expect(await py.eval("None")).toBe(null);
  });

  it("await yields the JS value, or a settled handle whose inspect shows the repr", async () => {
    expect(await py.eval("{'a': [1, 2.5, 'x', True, None]}")).toEqual({ a: [1, 2.5, "x", true, null] });
    const obj = await py.eval("type('Thing', (), {'__repr__': lambda self: '<a thing>'})()");
    expect(typeof obj).toBe("function");
    const { inspect } = await import("node:util");
    expect(inspect(obj)).toBe("<a thing>");
    expect(await obj.__class__.__name__).toBe("Thing"); // still usable as a proxy
  });

  it("toJs and toPy convert explicitly", async () => {
    const p = toPy([1, tuple(2, 3)]);
    expect(await b().repr(p)).toBe("[1, (2, 3)]");
    expect(await toJs(p)).toEqual([1, [2, 3]]);
    expect(await toJs(5)).toBe(5);
  });

  it("KERAS_BACKEND defaults to torch in the Python process", async () => {
    const os = py.import("os");
    expect(await os.environ.get("KERAS_BACKEND")).toBe("torch");
  });

  it("a Python error is a PythonError with type, message, traceback and the TypeScript call site", async () => {
    const math = py.import("math");
    const err = await math.sqrt(-1).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PythonError);
    const pe = err as PythonError;
    expect(pe.type).toBe("ValueError");
    expect(pe.pythonMessage).toBe("math domain error");
    expect(pe.callSite).toMatch(/translation\.test\.ts:\d+:\d+/);
    const raising = py.exec("def boom():\n    raise KeyError('nope')\n");
    await raising;
    const e2 = (await py.eval("boom")().then(() => undefined, (e: unknown) => e)) as PythonError;
    expect(e2.type).toBe("KeyError");
    expect(e2.pythonTraceback).toContain("in boom");
    expect(e2.isInstance("LookupError")).toBe(true);
  });
});
