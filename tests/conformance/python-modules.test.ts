// reticulate's tests/testthat/test-python-modules.R
// (https://github.com/rstudio/reticulate/blob/main/tests/testthat/test-python-modules.R). R's `as = "t"` names the
// module in R's printed form; a JS module proxy has the variable name you give it.
import { inspect } from "node:util";
import { afterAll, expect, test } from "vitest";
import { isinstance, py, repr } from "../../src/index.js";

afterAll(() => py.shutdown());

test("test-python-modules.R: modules can be imported, printed with 'as'", async () => {
  // reticulate #631: printing the module failed
  const t = py.import("time");
  expect(inspect(t)).toBe("<Python time>"); // not yet evaluated: the proxy names what it will be
  expect(inspect(await t)).toBe("<module 'time' (built-in)>"); // a settled handle shows Python's repr
  expect(await repr(t)).toBe("<module 'time' (built-in)>");
  expect(await isinstance(t, py.import("types").ModuleType)).toBe(true); // inherits(module, "python.builtin.module")
});
