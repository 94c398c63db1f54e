// reticulate's tests/testthat/test-sigpipe.R
// (https://github.com/rstudio/reticulate/blob/main/tests/testthat/test-sigpipe.R): writing to a pipe with no
// reader is Python's BrokenPipeError, not a signal that ends the process.
import { afterAll, expect, test } from "vitest";
import { PythonError, py } from "../../src/index.js";
import { rejection } from "./support.js";

afterAll(() => py.shutdown());

test("test-sigpipe.R: SIGPIPE does not interrupt embedded Python", async () => {
  const err = await rejection(py.exec("import os; r,w=os.pipe(); os.close(r); os.write(w,b'x')"));
  expect(err).toBeInstanceOf(PythonError);
  expect(err.message).not.toContain("ignoring SIGPIPE signal");
  expect(err.message).toMatch(/BrokenPipeError|\[Errno 32\]/);
  expect(await py.eval("1 + 1")).toBe(2); // the process lives on
});
