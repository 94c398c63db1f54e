// reticulate's tests/testthat/test-python-run.R: py.exec (py_run_string) and py.runFile (py_run_file) run in
// the user's `__main__`.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { item, py } from "../../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "tsreticulate-run-"));
afterAll(async () => {
  await py.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

test("test-python-run.R: Python code can be run as strings", async () => {
  await py.exec("x = 1");
  const main = py.import("__main__");
  expect(await main.x).toBe(1);
  // reticulate's `local = TRUE` runs in a dictionary of its own: py.eval's locals do that for an expression.
  expect(await py.eval("x + y", { y: 41 })).toBe(42);
  expect(await main.x).toBe(1);
});

test("test-python-run.R: (issue #13) py.exec runs in a fresh __main__, not the server's module", async () => {
  const names = (await py.eval("sorted(k for k in globals() if not k.startswith('__'))")) as string[];
  for (const serverName of ["main", "Arguments", "os", "sys", "USAGE"]) expect(names).not.toContain(serverName);
  expect(await py.eval("__name__")).toBe("__main__");
  // As a Python script's, it starts with an empty __annotations__ (the new-user trial found a NameError here).
  expect(await py.eval("__annotations__")).toEqual({});
  await py.exec("limit: int = 3");
  expect(await py.eval("__annotations__ == {'limit': int}")).toBe(true);
});

test("test-python-run.R: Python files can be run", async () => {
  const file = join(dir, "script.py");
  writeFileSync(file, "file = __file__\n");

  let out = py.runFile(file, { local: true });
  expect(await py.builtins.type(out).__name__).toBe("dict");
  expect(await item(out, "file")).toBe(file);
  expect(await py.eval("lambda d: '__name__' in d")(out)).toBe(false);

  out = py.runFile(file);
  expect(await py.builtins.type(out).__name__).toBe("dict");
  expect(await py.eval("lambda d: d is __import__('__main__').__dict__")(out)).toBe(true);
  expect(await item(out, "file")).toBe(file);
  await py.exec("del file");
});
