// reticulate's tests/testthat/test-python-lists.R, case by case (R lists are JS objects and arrays here).
import { afterAll, expect, test } from "vitest";
import { dict, len, py, tuple } from "../../src/index.js";
import { reticulateTest } from "./support.js";

afterAll(() => py.shutdown());
const test_ = reticulateTest();

test("test-python-lists.R: R named lists become Python dictionaries", async () => {
  // A trailing object literal is the keyword arguments: a positional dict is dict({...}), or nested in a value.
  const l = { a: 1, b: 2, c: 3 };
  expect(await py.eval("lambda x: type(x).__name__")(dict(l))).toBe("dict");
  expect(await test_.reflect(dict(l))).toEqual(l);
  expect(await test_.reflect([l])).toEqual([l]);
});

test("test-python-lists.R: Python dictionaries become R named lists", async () => {
  const d = await test_.makeDict();
  expect(Object.keys(d)).toHaveLength(3);
  expect(d).toEqual({ a: 1, b: 2, c: 3 });
});

test("test-python-lists.R: R unnamed lists become Python lists", async () => {
  expect(await test_.asString([1, 2, 3])).toBe("[1, 2, 3]");
});

test("test-python-lists.R: Python unnamed tuples become R unnamed lists", async () => {
  expect(await test_.makeTuple()).toEqual([1, 2, 3]);
  expect(await len(tuple(...[1, 2, 3]))).toBe(3);
});

test("test-python-lists.R: length method for Python lists works", async () => {
  const l = py.import("builtins", { convert: false }).list();
  l.append(1);
  l.append(2);
  l.append(3);
  expect(await len(l)).toBe(3);
});

test("test-python-lists.R: tuples are converted recursively just like lists", async () => {
  const t = await test_.makeTupleWithOrderedDict();
  expect(t[1]).toEqual({ b: 777, a: 22 }); // the OrderedDict inside is a plain object too
  expect(Object.getPrototypeOf(t[1])).toBe(Object.prototype);
});
