// reticulate's tests/testthat/test-python-classes.R.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { isinstance, py, withPy } from "../../src/index.js";
import { reticulateTest } from "./support.js";

const dir = mkdtempSync(join(tmpdir(), "tsreticulate-classes-"));
afterAll(async () => {
  await py.shutdown();
  rmSync(dir, { recursive: true, force: true });
});
const test_ = reticulateTest();

test("test-python-classes.R: Python class variables are accessible via $", async () => {
  expect(await test_.PythonClass.FOO).toBe(1);
});

test("test-python-classes.R: Python class members can be called via $", async () => {
  expect(await test_.PythonClass.class_method()).toBe(1);
});

test("test-python-classes.R: py_has_method()", async () => {
  const Fraction = py.import("fractions", { convert: false }).Fraction;
  const hasMethod = py.eval("lambda o, n: __import__('inspect').ismethod(getattr(o, n, None))");
  expect(await hasMethod(Fraction, "conjugate")).toBe(false);
  expect(await hasMethod(Fraction(), "conjugate")).toBe(true);
});

test("test-python-classes.R: nameOfClass()", async () => {
  const numpy = py.import("numpy");
  expect(await isinstance(numpy.array([1, 2, 3]), numpy.ndarray)).toBe(true);
  const io = py.import("io");
  let f: unknown;
  await withPy(py.builtins.open(join(dir, "f.bin"), "wb"), async (file) => {
    f = file;
    expect(await isinstance(file, io.BufferedWriter)).toBe(true);
    expect(await file.closed).toBe(false);
  });
  expect(await (f as { closed: unknown }).closed).toBe(true);
});
