// reticulate's tests/testthat/test-python-dict.R, case by case.
import { afterAll, expect, test } from "vitest";
import { delItem, dict, isinstance, item, py, setItem, toHandle, toPy, tuple } from "../../src/index.js";
import { rejection } from "./support.js";

afterAll(() => py.shutdown());

const builtins = py.builtins;
const id = (x: unknown) => py.builtins.id(x);

test("test-python-dict.R: Python dictionaries can be created", async () => {
  expect(await isinstance(builtins.dict(), builtins.dict)).toBe(true);
});

test("test-python-dict.R: Python dictionaries can be created with py_dict", async () => {
  const d = toPy(new Map<unknown, unknown>([["a", 1], ["b", 2], ["c", 3]]));
  expect(await isinstance(d, builtins.dict)).toBe(true);
  expect(await d).toEqual({ a: 1, b: 2, c: 3 });
});

test("test-python-dict.R: Python dictionaries can use python objects as keys", async () => {
  const key = builtins.int(42);
  const d = toPy(new Map([[key, "foo"]]));
  expect(await isinstance(d, builtins.dict)).toBe(true);
  expect(await item(d, 42)).toBe("foo");
});

test("test-python-dict.R: Python dictionaries have numeric keys", async () => {
  expect(await toPy(dict({ "42": "foo" }))).toEqual({ "42": "foo" });
  // A Map's number keys are Python ints.
  expect(await py.eval("lambda d: [type(k).__name__ for k in d]")(new Map([[42, "foo"]]))).toEqual(["int"]);
});

test("test-python-dict.R: Python dictionaries can include numbers in their keys", async () => {
  expect(await toPy(dict({ foo42: "foo" }))).toEqual({ foo42: "foo" });
});

test("test-python-dict.R: Dictionary items can be get / set / removed with py_item APIs", async () => {
  const d = builtins.dict();
  const one = toPy(1);
  setItem(d, "apple", one);
  expect(await id(item(d, "apple"))).toBe(await id(one));
  delItem(d, "apple");
  const error = await rejection(item(d, "apple"));
  expect(error.type).toBe("KeyError");
  expect(await d.get("apple")).toBe(null); // py_get_item(silent = TRUE)
});

test("test-python-dict.R: $, [ operators behave as expected", async () => {
  const d = builtins.dict({ items: 1, apple: 42 });
  expect(await builtins.callable(d.items)).toBe(true); // an attribute first, as `$` does
  expect(await item(d, "items")).toBe(1);
  expect(await d.apple).toBe(42); // no attribute of that name: the item
  expect(await item(d, "apple")).toBe(42);
});

test("test-python-dict.R: ordered dictionaries with non-string keys can be converted", async () => {
  const collections = py.import("collections", { convert: false });
  const t = builtins.tuple([42]);
  const od = collections.OrderedDict([]);
  setItem(od, t, 42);
  // R names the entry "(42.0,)"; a JS Map keeps the key itself, the tuple as an array.
  expect(await od).toEqual(new Map([[[42], 42]]));
});

test("test-python-dict.R: ordered dictionaries can be converted", async () => {
  const collections = py.import("collections", { convert: false });
  const od = collections.OrderedDict([tuple("a", 1), tuple("b", 2), tuple("c", 3)]);
  expect(await py.eval("lambda x: x")(od)).toEqual({ a: 1, b: 2, c: 3 });
  const same = await toHandle(py.eval("lambda x: x")(od)); // convert = FALSE: the object itself
  expect(await id(same)).toBe(await id(od));
});

test("test-python-dict.R: py_to_r(list) converts recursively", async () => {
  expect(await py.eval("[1, [2, [3, 4]]]")).toEqual([1, [2, [3, 4]]]);
  const expected = [1, { b: 3, c: ["d", 4] }, [3, 5]];
  expect(await py.eval("[1, {'b': 3, 'c': ['d', 4]}, [3, 5]]")).toEqual(expected);
  const x = await toHandle(py.eval("[1, {'b': 3, 'c': ['d', 4]}, [3, 5]]"));
  expect(await isinstance(x, builtins.list)).toBe(true);
  expect(await x).toBe(x); // a settled handle: awaiting it is a no-op
  const x1 = x[1];
  expect(await isinstance(x1, builtins.dict)).toBe(true);
  expect(await x1).toEqual(expected[1]);
});
