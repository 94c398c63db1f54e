// Shared by the conformance tests: reticulate's fixture module (`test` in its testthat files) and small helpers.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { py, type PyObject } from "../../src/index.js";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

/** reticulate's `test` module (fixtures/reticulate_test.py). */
export function reticulateTest(options: { convert?: boolean } = {}): PyObject {
  py.exec(`import sys\nif ${JSON.stringify(fixtures)} not in sys.path: sys.path.insert(0, ${JSON.stringify(fixtures)})`);
  return py.import("reticulate_test", options);
}

/** reticulate's py_func: a JS function as a Python callable, as a proxy (calling it goes through Python). */
export function pyFunc(fn: (...args: any[]) => unknown): PyObject {
  return py.eval("lambda f: f")(fn);
}

/** The rejection of `p` (fails the test if it resolves). */
export async function rejection(p: PromiseLike<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}
