// reticulate's tests/testthat/test-subprocess.R
// (https://github.com/rstudio/reticulate/blob/main/tests/testthat/test-subprocess.R).
import { afterAll, expect, test } from "vitest";
import { py } from "../../src/index.js";

afterAll(() => py.shutdown());

test("test-subprocess.R: subprocess.Popen works", async () => {
  const subprocess = py.import("subprocess");
  const p = subprocess.Popen(["ls", "."], { shell: false, stderr: subprocess.PIPE, stdout: subprocess.PIPE });
  const [out, err] = (await p.communicate({ timeout: 30 })) as [Buffer, Buffer];
  expect(await p.returncode).toBe(0);
  expect(out.toString()).toContain("package.json"); // the tests run in the repository root
  expect(err.length).toBe(0);
});

test("test-subprocess.R: modules that subclass Popen work", async () => {
  const asyncio = py.import("asyncio");
  expect(await py.builtins.issubclass(asyncio.subprocess.Process, py.builtins.object)).toBe(true);
});
