// reticulate's tests/testthat/test-python-closures.R: JS functions are Python callables.
import { afterAll, expect, test } from "vitest";
import { py } from "../../src/index.js";
import { reticulateTest } from "./support.js";

afterAll(() => py.shutdown());
const test_ = reticulateTest();

test("test-python-closures.R: R functions are converted to Python closures", async () => {
  const func = (x: number, y: number) => x - y;
  const pyfunc = test_.reflect(func);
  expect(await test_.callFunc(pyfunc, 10, 15)).toBe(func(10, 15));
});

test("test-python-closures.R: R functions can accept named arguments from Python", async () => {
  const func = (x: number, y: number) => x - y;
  const pyfunc = test_.reflect(func);
  // callFunc(pyfunc, y = 10, x = 15): Python's keyword arguments reach the JS parameters of those names.
  expect(await test_.callFunc(pyfunc, { y: 10, x: 15 })).toBe(func(15, 10));
});
