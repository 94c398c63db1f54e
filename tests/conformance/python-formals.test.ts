// reticulate's tests/testthat/test-python-formals.R. py_get_formals() turns a Python signature into R formals, an
// R-only notion; what carries over is that Python's own signature rules apply to calls made from JS.
import { afterAll, expect, test } from "vitest";
import { py } from "../../src/index.js";

afterAll(() => py.shutdown());

test("test-python-formals.R: Parameters are not matched by prefix", async () => {
  const fPy = py.eval("lambda long=None, **kw: (long, kw)");
  // R functions match arguments by prefix; Python functions, called from JS, do not.
  expect(await fPy({ l: 2 })).toEqual([null, { l: 2 }]);
});
