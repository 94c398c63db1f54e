// reticulate's tests/testthat/test-python-objects.R.
import { afterAll, expect, test } from "vitest";
import { PythonError, dict, item, len, py, toHandle } from "../../src/index.js";
import { rejection } from "./support.js";

afterAll(() => py.shutdown());

test("test-python-objects.R: the length of a Python object can be computed", async () => {
  const m = await toHandle(py.eval("[1, 2, 3]"));
  expect(await len(m)).toBe(3);
  const x = await toHandle(py.eval("None"));
  expect(await py.builtins.bool(x)).toBe(false);
  let e = await rejection(len(x));
  expect(e).toBeInstanceOf(PythonError);
  expect(e.message).toMatch(/'NoneType' has no len\(\)/);
  const o = await toHandle(py.eval("object()"));
  expect(await py.builtins.bool(o)).toBe(true);
  e = await rejection(len(o));
  expect(e.message).toMatch(/'object' has no len\(\)/);
});

test("test-python-objects.R: python objects with a __setitem__ method can be used", async () => {
  await py.exec("class M:\n  def __getitem__(self, k):\n    return 'M'\n");
  expect(await py.eval("M()")[1]).toBe("M");
  const m = await toHandle(py.eval("M()"));
  expect(await item(m, 1)).toBe("M");
});

test("test-python-objects.R: py_id() returns unique strings; #1216", async () => {
  const pyId = py.eval("lambda x: str(id(x))");
  const o = await toHandle(py.eval("object()"));
  expect(await pyId(o)).toBe(await pyId(o));
  expect(await pyId(py.eval("object()"))).not.toBe(await pyId(py.eval("object()")));
  expect(await pyId(py.eval("object"))).toBe(await pyId(py.eval("object")));
});

test("test-python-objects.R: subclassed lists can be converted", async () => {
  await py.exec(`
from collections.abc import Sequence
class List(Sequence, list):
  def __init__(self, *args):
    self._storage = list(args)

  def __getitem__(self, x):
    return self._storage[x]

  def __len__(self):
    return len(self._storage)
`);
  const List = py.import("__main__", { convert: false }).List;
  const mro = (await py.eval("lambda x: [f'{c.__module__}.{c.__qualname__}' for c in type(x).__mro__]")(List(1, 2, 3))) as string[];
  for (const c of ["__main__.List", "collections.abc.Sequence", "builtins.list", "builtins.object"]) expect(mro).toContain(c);
  expect(await py.builtins.list(List(1, 2, "3"))).toEqual([1, 2, "3"]);
});

test("test-python-objects.R: py_to_r() generics are found from R functions called in Python", async () => {
  await py.exec(`
def py_new_callback_caller(callback):
    def callback_caller(*args, **kwargs):
        callback(*args, **kwargs)
    return callback_caller
`);
  const seen: unknown[] = [];
  const callbackCaller = py.eval("py_new_callback_caller")((x: unknown) => {
    seen.push(x);
    return x;
  });
  // A JS function's arguments arrive converted: a dict, and an OrderedDict, are plain objects.
  await callbackCaller(dict({ a: 42 }));
  await callbackCaller(py.import("collections", { convert: false }).OrderedDict(dict({ a: 42 })));
  expect(seen).toEqual([{ a: 42 }, { a: 42 }]);
});
