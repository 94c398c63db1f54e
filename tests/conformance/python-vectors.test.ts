// reticulate's tests/testthat/test-python-vectors.R. R has no scalars, only vectors of length one; JS has both,
// so "a single-element vector is a scalar" reads "a scalar is a scalar" and "list(5)" is the array [5].
import { afterAll, expect, test } from "vitest";
import { py } from "../../src/index.js";
import { reticulateTest } from "./support.js";

afterAll(() => py.shutdown());
const test_ = reticulateTest();

test("test-python-vectors.R: Single element vectors are treated as scalars", async () => {
  for (const x of [5.5, 5, "5", true]) expect(await test_.isScalar(x)).toBe(true);
});

test("test-python-vectors.R: Multi-element vectors are treated as lists", async () => {
  for (const x of [[5.5, 5.5], [5, 5], ["5", "5"], [true, true]]) expect(await test_.isList(x)).toBe(true);
});

test("test-python-vectors.R: The list function forces single-element vectors to be lists", async () => {
  for (const x of [[5.5], [5], ["5"], [true]]) expect(await test_.isScalar(x)).toBe(false);
});
