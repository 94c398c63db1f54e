// reticulate's tests/testthat/test-delay-load.R
// (https://github.com/rstudio/reticulate/blob/main/tests/testthat/test-delay-load.R). Every py.import is delayed
// as reticulate's `delay_load = TRUE` is: the proxy comes at once, and the import runs with the first operation
// sent.
import { afterAll, expect, test } from "vitest";
import { attr, py } from "../../src/index.js";

afterAll(() => py.shutdown());

test("test-delay-load.R: [[ loads delayed modules", async () => {
  const time = py.import("time");
  expect(typeof time).toBe("function"); // a proxy, before anything was sent
  const result = (await attr(time, "time")()) as number;
  expect(typeof result).toBe("number");
  const now = (await py.import("time").time()) as number;
  expect(Math.abs(result - now)).toBeLessThan(10);
});
