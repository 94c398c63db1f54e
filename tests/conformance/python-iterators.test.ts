// reticulate's tests/testthat/test-python-iterators.R. reticulate's py_iterator(f, completed) is Python's own
// iter(f, completed) here: a JS function as a Python callable, called until it returns the sentinel.
import { afterAll, expect, test } from "vitest";
import { dict, isProxy, iterate, py } from "../../src/index.js";
import { reticulateTest } from "./support.js";

afterAll(() => py.shutdown());
const test_ = reticulateTest();

async function collect(iterable: unknown): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const x of iterate(iterable)) out.push(x);
  return out;
}

test("test-python-iterators.R: Iterators reflect values back", async () => {
  const rlist = ["foo", "bar", 42];
  expect(await collect(test_.makeIterator(rlist))).toEqual(rlist);
});

test("test-python-iterators.R: Generators reflect values back", async () => {
  expect((await collect(test_.makeGenerator(5))).map((i) => (i as number) + 1)).toEqual([1, 2, 3, 4, 5]);
});

test("test-python-iterators.R: Iterators are drained of their values by iteration", async () => {
  const iter = test_.makeIterator([1, 2, 3, 4, 5]);
  expect(await collect(iter)).toHaveLength(5);
  expect(await collect(iter)).toHaveLength(0);
});

test("test-python-iterators.R: infinite iterators can be accessed with iter_next", async () => {
  await py.exec("def infinite_generator():\n  n = 0\n  while True:\n    yield n\n    n += 1\n");
  const it = py.eval("infinite_generator()");
  let i: number;
  for (;;) {
    i = (await py.builtins.next(it)) as number;
    if (i === 10) break;
  }
  expect(i).toBe(10);
});

test("test-python-iterators.R: iter_next returns sentinel value when it completes", async () => {
  const iter = test_.makeIterator([1, 2, 3, 4, 5]);
  let item: unknown;
  for (;;) {
    item = await py.builtins.next(iter, null);
    if (item === null) break;
  }
  expect(item).toBe(null);
});

test("test-python-iterators.R: python iterables can be iterated", async () => {
  const range = py.import("builtins", { convert: false }).range(1, 10);
  expect(await collect(range)).toHaveLength(9);
});

function sequenceGenerator(start: number, completed: unknown = null) {
  let value = start;
  return () => {
    value += 1;
    return value < 20 ? value : completed;
  };
}
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

test("test-python-iterators.R: generator functions iterate as expected", async () => {
  const gen = py.builtins.iter(sequenceGenerator(10), null);
  expect(await collect(gen)).toEqual(range(11, 19));
  expect(await collect(gen)).toEqual([]);
  expect(await collect(gen)).toEqual([]);
  expect(await collect(gen)).toEqual([]);
});

test("test-python-iterators.R: generator functions support a custom completed value", async () => {
  const gen = py.builtins.iter(sequenceGenerator(10, "done"), "done");
  expect(await collect(gen)).toEqual(range(11, 19));
});

test("test-python-iterators.R: generator functions are always called on the main thread", async () => {
  // Python iterates on a thread of its own; each call of the JS function is handed to the bridge's thread.
  const gen = py.builtins.iter(sequenceGenerator(10), null);
  expect(await test_.iterateOnThread(gen)).toEqual(range(11, 19));
});

test("test-python-iterators.R: iterate(simplify=TRUE) for atomic types", async () => {
  // JS arrays are not simplified into vectors: each case is an array of the items' JS values.
  expect(await collect(py.eval("(i for i in (1, 2, 3))"))).toEqual([1, 2, 3]);
  expect(await collect(py.eval("(i for i in (1., 2., 3.))"))).toEqual([1, 2, 3]);
  expect(await collect(py.eval("(i for i in ('abc', 'def', 'ghi'))"))).toEqual(["abc", "def", "ghi"]);
  expect(await collect(py.eval("(i for i in (True, False, True))"))).toEqual([true, false, true]);
  expect(await collect(py.eval("(i for i in (1, 2, 3, None))"))).toEqual([1, 2, 3, null]);
  expect(await collect(py.eval("(i for i in (1., 2., 3., None))"))).toEqual([1, 2, 3, null]);
  expect(await collect(py.eval("(i for i in ('abc', 'def', 'ghi', None))"))).toEqual(["abc", "def", "ghi", null]);
  expect(await collect(py.eval("(i for i in (True, False, True, None))"))).toEqual([true, false, true, null]);
  // Complex numbers have no JS form: Python objects (settled handles), whose repr is Python's.
  const complex = await collect(py.eval("(i for i in (1+1j, 2+2j, 3+3j))"));
  expect(complex.map(String)).toEqual(["(1+1j)", "(2+2j)", "(3+3j)"]);
  // Unconverted Python objects stay Python objects.
  const res = await collect(py.eval("(i for i in (1, 2, object()))"));
  expect(res.slice(0, 2)).toEqual([1, 2]);
  expect(isProxy(res[2])).toBe(true);
  expect(await py.builtins.type(res[2]).__name__).toBe("object");
  // convert = FALSE: the items are Python objects; here scalars (ints, floats, str, bool, None) are values in
  // both worlds, and a tuple or list item is an array (of proxies), so that `[x, y]` destructures a batch.
  const builtins = py.import("builtins", { convert: false });
  const items = await collect(builtins.iter([dict({ a: 1 }), dict({ b: 2 })]));
  expect(items).toHaveLength(2);
  for (const el of items) expect(isProxy(el)).toBe(true);
  expect(await collect(builtins.iter([1, 2, 3]))).toEqual([1, 2, 3]);
});
