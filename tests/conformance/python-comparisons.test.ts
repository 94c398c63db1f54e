// reticulate's tests/testthat/test-python-comparisons.R. TypeScript has no operator overloading: R's `a < b` on
// Python objects is Python's own operator, called through the operator module.
import { afterAll, expect, test } from "vitest";
import { py } from "../../src/index.js";

afterAll(() => py.shutdown());
const operator = py.import("operator");

test("test-python-comparisons.R: Python integers can be compared", async () => {
  const builtins = py.import("builtins", { convert: false });
  const a = builtins.int(1);
  const b = builtins.int(2);
  expect(await operator.lt(a, b)).toBe(true);
  expect(await operator.gt(b, a)).toBe(true);
  expect(await operator.eq(a, a)).toBe(true);
  expect(await operator.ne(a, b)).toBe(true);
  expect(await operator.le(a, 1)).toBe(true);
  expect(await operator.ge(b, 2)).toBe(true);
});

test("test-python-comparisons.R: Python objects with the same reference are equal", async () => {
  const listFn1 = py.import("builtins", { convert: false }).list;
  const listFn2 = py.import("builtins", { convert: true }).list;
  expect(await operator.eq(listFn1, listFn2)).toBe(true);
  expect(await operator.is_(listFn1, listFn2)).toBe(true);
});
