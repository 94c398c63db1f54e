// reticulate's tests/testthat/test-callable-dynamic-dots.R
// (https://github.com/rstudio/reticulate/blob/main/tests/testthat/test-callable-dynamic-dots.R). rlang's `!!!` is
// JS spread: positional arguments spread into the call, keyword arguments into the trailing object; `"{nm}" := v`
// is a computed key.
import { afterAll, expect, test } from "vitest";
import { py } from "../../src/index.js";

afterAll(() => py.shutdown());

test("test-callable-dynamic-dots.R: callables support dynamic-dots", async () => {
  const fn = py.eval("lambda *args, **kwargs: (args if args else None, kwargs if kwargs else None)");

  // splicing (unpacking) arguments works correctly
  const args = [1, 2, 3];
  const kwargs = { a: 4, b: 5, c: 6 };
  expect(await fn(...args)).toEqual(await fn(1, 2, 3));
  expect(await fn({ ...kwargs })).toEqual(await fn({ a: 4, b: 5, c: 6 }));
  expect(await fn(...args, { ...kwargs })).toEqual(await fn(1, 2, 3, { a: 4, b: 5, c: 6 }));
  expect(await fn(...args, { ...kwargs, x: 7 })).toEqual(await fn(1, 2, 3, { a: 4, b: 5, c: 6, x: 7 }));
  expect(await fn(8, ...args, { ...kwargs, x: 7 })).toEqual(await fn(8, 1, 2, 3, { a: 4, b: 5, c: 6, x: 7 }));
  expect(await fn(8, ...args, { ...kwargs, x: 7 })).toEqual([[8, 1, 2, 3], { a: 4, b: 5, c: 6, x: 7 }]);

  // injecting names works correctly
  const nm = "key";
  expect(await fn({ [nm]: 42 })).toEqual([null, { key: 42 }]);
  expect(await fn({ [`abc_${nm}`]: 42 })).toEqual([null, { abc_key: 42 }]);

  // trailing commas are ignored
  // prettier-ignore
  expect(await fn(1, 2, )).toEqual(await fn(1, 2));
});
