// reticulate's tests/testthat/test-python-function.R.
import { afterAll, expect, test } from "vitest";
import { py } from "../../src/index.js";
import { reticulateTest } from "./support.js";

afterAll(() => py.shutdown());
const test_ = reticulateTest();

test("test-python-function.R: Python functions are marshalled as function objects", async () => {
  const inspect = py.import("inspect");
  const spec = inspect.getfullargspec(inspect.getclasstree);
  expect(await spec.args).toEqual(["classes", "unique"]);
});

test("test-python-function.R: Python functions can be called by python", async () => {
  expect(await test_.callFunc(test_.asString, "foo")).toBe("foo");
});

test("test-python-function.R: Python callables can be called by R", async () => {
  const callable = test_.create_callable();
  expect(await callable(10)).toBe(10);
});
