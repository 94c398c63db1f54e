// reticulate's tests/testthat/test-python-strings.R.
import { afterAll, expect, test } from "vitest";
import { py, repr, str } from "../../src/index.js";

afterAll(() => py.shutdown());

test("test-python-strings.R: Unicode strings are handled by py_str", async () => {
  await py.exec("x = u'\\xfc'");
  const main = py.import("__main__", { convert: false });
  expect(await str(main.x)).toBe("ü");
});

test("test-python-strings.R: subclassed strings convert", async () => {
  await py.exec("class PrettyString(str):\n    def __repr__(self): return self");
  const PrettyString = py.import("__main__", { convert: false }).PrettyString;
  expect(await repr(PrettyString("abc_xyz"))).toBe("abc_xyz");
  expect(await PrettyString("abc_xyz")).toBe("abc_xyz"); // a str subclass is a JS string
});
