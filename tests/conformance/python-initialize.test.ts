// reticulate's tests/testthat/test-python-initialize.R
// (https://github.com/rstudio/reticulate/blob/main/tests/testthat/test-python-initialize.R).
import { spawnSync } from "node:child_process";
import { afterAll, expect, test } from "vitest";
import { py } from "../../src/index.js";
import { resolvePython } from "../../src/bridge/process/environment.js";

afterAll(() => py.shutdown());

// First in the file: `__main__` as the process starts.
test("test-python-initialize.R: __main__ initialized with only 'r'", async () => {
  // reticulate's __main__ holds only `r` (its R bridge); here it holds nothing but Python's own dunder names.
  expect(await py.eval("[k for k in globals() if not (k.startswith('__') and k.endswith('__'))]")).toEqual([]);
});

test("test-python-initialize.R: sys.executable points to the correct python", async () => {
  const python = await resolvePython(process.env.TSRETICULATE_PYTHON);
  const standAlone = spawnSync(python, ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).stdout.trim();
  const embedded = await py.import("sys").executable;
  expect(embedded).toBe(standAlone);
});
