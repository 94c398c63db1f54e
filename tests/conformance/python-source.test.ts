// reticulate's tests/testthat/test-python-source.R
// (https://github.com/rstudio/reticulate/blob/main/tests/testthat/test-python-source.R), on its script.py
// (fixtures/script.py). source_python(file) is py.runFile(file): it runs in `__main__` and gives the namespace;
// source_python(file, envir = env) is py.runFile(file, { local: true }), a namespace of its own.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, test } from "vitest";
import { item, py } from "../../src/index.js";

afterAll(() => py.shutdown());

const script = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "script.py");

test("test-python-source.R: Python scripts can be sourced from local file", async () => {
  const namespace = py.runFile(script);
  expect(await item(namespace, "add")(2, 4)).toBe(6);
});

test("test-python-source.R: source_python assigns into the requested environment", async () => {
  const env = py.runFile(script, { local: true });
  expect(await item(env, "add")(2, 4)).toBe(6);
  expect(await py.eval("lambda d: d is __import__('__main__').__dict__")(env)).toBe(false);
});

test("test-python-source.R: python functions can call each other", async () => {
  const namespace = py.runFile(script);
  expect(await item(namespace, "secret")()).toBe(42);
  expect(await item(namespace, "api")()).toBe(42);
  // and in a namespace of their own, whose globals they are
  const env = py.runFile(script, { local: true });
  expect(await item(env, "secret")()).toBe(42);
  expect(await item(env, "api")()).toBe(42);
});

test("test-python-source.R: source_python() overlays in the main module", async () => {
  py.runFile(script);
  const main = py.import("__main__");
  expect(await main.value).toBe(42);
  expect(await main.add(2, 4)).toBe(6);
});
