// reticulate's tests/testthat/test-py_func.R: a JS function passed to Python has a Python signature built from its
// parameters.
import { afterAll, expect, test } from "vitest";
import { py } from "../../src/index.js";
import { pyFunc, reticulateTest } from "./support.js";

afterAll(() => py.shutdown());

test("test-py_func.R: R functions can be wrapped in a Python function with the same signature", async () => {
  const f1 = (a: number, b = 3) => a + b;
  await py.exec("def f1(a, b=3):\n  return a + b");
  const util = py.import("__main__", { convert: false });
  const inspect = py.import("inspect");
  expect(await inspect.getfullargspec(f1)).toEqual(await inspect.getfullargspec(util.f1));

  const call = py.eval("lambda f, *args, **kwargs: f(*args, **kwargs)");
  expect(await call(f1, 1)).toBe(await util.f1(1));
  expect(await pyFunc(f1)(1, 2)).toBe(await util.f1(1, 2));
  expect(await call(f1, { a: 1, b: 2 })).toBe(await util.f1({ a: 1, b: 2 }));

  const hasArgs = async (f: (...args: any[]) => unknown) => ((await inspect.getfullargspec(f).args) as string[]).length !== 0;
  expect(await hasArgs((a = [1, 2, 3]) => a)).toBe(true);
  expect(await hasArgs((a = null) => a)).toBe(true);
  expect(await hasArgs((a = "abc") => a)).toBe(true);
  expect(await hasArgs((a: number, b = 3) => a + b)).toBe(true);
  expect(await hasArgs((a = []) => a)).toBe(true);
  expect(await hasArgs((a = ["a", 1, [3, "b", null]]) => a)).toBe(true);
  // reticulate refuses `function(a = 1, b) {}`, which R allows and Python cannot express; JS allows it too, and
  // here b defaults to None in Python (JS passes undefined for it, as JS would). `function(a.b)` has no JS form.
  // eslint-disable-next-line @typescript-eslint/default-param-last
  const defaultFirst = (a = 1, b?: number) => [a, b];
  expect(await py.import("builtins").str(inspect.signature(defaultFirst))).toBe("(a=1, b=None)");
});

test("test-py_func.R: R functions wrapped in py_main_thread_func are called on the main thread", async () => {
  // Every JS function is: a call from another Python thread is handed to the bridge's thread.
  expect(await reticulateTest().invokeOnThread((x: number) => x + 1, 41)).toBe(42);
});
