// iterate() and pyFor(): async iteration over Python iterables, against a real Python.
import { afterAll, describe, expect, it, vi } from "vitest";
import { BREAK, NEXT, PythonError, isProxy, iterate, py, pyFor, str, toJs } from "../../src/index.js";

afterAll(() => py.shutdown());

// A generator that says, in Python, whether it was closed (its `finally` ran) and how far it got.
const fixture = py.exec(`
closed = {}
reached = {}
def counted(name, n):
    closed[name] = False
    try:
        for i in range(n):
            reached[name] = i
            yield (i, str(i))
    finally:
        closed[name] = True
def failing():
    yield 1
    yield 2
    raise ValueError("the generator broke")
`);

describe("iterate", () => {
  it("yields converted values for a convert=true source, in order, whatever the number of pulls", async () => {
    const squares = py.eval("(i * i for i in range(3000))");
    const out: number[] = [];
    for await (const x of iterate<number>(squares)) out.push(x);
    expect(out.length).toBe(3000);
    expect(out[0]).toBe(0);
    expect(out[2999]).toBe(2999 * 2999);
  });

  it("pulls items in batches: a loop over many small items costs few round trips", async () => {
    const session = py.current();
    const request = vi.spyOn(session, "request");
    let n = 0;
    for await (const _ of iterate(py.eval("iter(range(2000))"))) n++;
    expect(n).toBe(2000);
    // The first pulls are small (the loop starts at once), then they grow; plus one to close.
    expect(request.mock.calls.length).toBeLessThan(40);
    request.mockRestore();
  });

  it("destructures tuples: JS values with convert=true, arrays of proxies with convert=false", async () => {
    await fixture;
    for await (const [i, s] of iterate(py.eval("counted('converted', 2)"))) {
      expect(typeof i).toBe("number");
      expect(s).toBe(String(i));
    }
    const main = py.import("__main__", { convert: false });
    const seen: string[] = [];
    // convert=false: containers and objects arrive as proxies; scalars stay values (a proxy of True or 3
    // would only have to be awaited again).
    const raw = py.import("builtins", { convert: false });
    for await (const [i, s, l] of iterate(raw.map(raw.eval("lambda i: (i, str(i), [i])"), raw.range(2)))) {
      expect(typeof i).toBe("number");
      expect(s).toBe(String(i));
      expect(isProxy(l)).toBe(true);
      seen.push(await str(l));
      await l.append(i + 1); // still a usable Python list
    }
    expect(seen).toEqual(["[0]", "[1]"]);
  });

  it("works as `for await (x of proxy)` directly", async () => {
    const out: string[] = [];
    for await (const x of py.eval("'abc'")) out.push(x);
    expect(out).toEqual(["a", "b", "c"]);
  });

  it("break closes the Python iterator and releases the items pulled ahead", async () => {
    await fixture;
    const before = (await py.stats()).handles;
    const main = py.import("__main__", { convert: false });
    for await (const [i] of iterate(main.counted("broken", 1000))) {
      if ((await toJs(i)) === 5) break; // an item is a settled handle: toJs gives its value
    }
    expect(await py.eval("closed['broken']")).toBe(true);
    // Python ran ahead of the loop (prefetching), but what the loop never saw is released: what remains are
    // the 6 items the loop saw (2 handles each, freed when JS collects them), the module, the generator and
    // the two py.eval results.
    expect(await py.eval("reached['broken']")).toBeGreaterThan(6);
    expect((await py.stats()).handles).toBeLessThanOrEqual(before + 6 * 2 + 4);
  });

  it("an exception inside the iterator rejects the loop with its traceback, after the items before it", async () => {
    await fixture;
    const got: number[] = [];
    const failure = await (async () => {
      for await (const x of iterate<number>(py.eval("failing()"))) got.push(x);
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(got).toEqual([1, 2]);
    expect(failure).toBeInstanceOf(PythonError);
    const e = failure as PythonError;
    expect(e.type).toBe("ValueError");
    expect(e.pythonMessage).toBe("the generator broke");
    expect(e.pythonTraceback).toContain("in failing");
    expect(e.callSite).toMatch(/iterate\.test\.ts/);
  });

  it("a source that is not iterable rejects with Python's TypeError; a non-proxy is a TypeError at once", async () => {
    const err = await (async () => {
      for await (const _ of iterate(py.eval("42"))) void _;
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PythonError);
    expect((err as PythonError).type).toBe("TypeError");
    expect(() => iterate([1, 2])).toThrow(/iterate\(\) takes a Python iterable \(a proxy\), got an instance of Array/);
  });
});

describe("pyFor", () => {
  it("runs the body per item and stops on BREAK, closing the iterator", async () => {
    await fixture;
    const seen: number[] = [];
    await pyFor(py.eval("counted('pyfor', 100)"), async ([i]: [number, string]) => {
      if (i % 2 === 1) return NEXT;
      seen.push(i);
      if (i === 6) return BREAK;
    });
    expect(seen).toEqual([0, 2, 4, 6]);
    expect(await py.eval("closed['pyfor']")).toBe(true);
  });

  it("runs to the end and lets the body's errors through", async () => {
    let n = 0;
    await pyFor(py.eval("range(5)"), () => {
      n++;
    });
    expect(n).toBe(5);
    await expect(
      pyFor(py.eval("range(5)"), () => {
        throw new Error("from the body");
      }),
    ).rejects.toThrow("from the body");
    await expect(pyFor(py.eval("range(5)"), undefined as never)).rejects.toThrow(/pyFor\(\) takes a function/);
  });
});
