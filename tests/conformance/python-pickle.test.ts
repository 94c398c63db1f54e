// reticulate's tests/testthat/test-python-pickle.R
// (https://github.com/rstudio/reticulate/blob/main/tests/testthat/test-python-pickle.R). py_save_object and
// py_load_object are pickle.dump and pickle.load on a file opened with withPy, as reticulate does them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { dict, float, isinstance, py, toHandle, withPy } from "../../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "tsreticulate-pickle-"));
afterAll(async () => {
  await py.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

const pickle = py.import("pickle");
const saveObject = (x: unknown, file: string) => withPy(py.builtins.open(file, "wb"), (f) => pickle.dump(x, f));
const loadObject = (file: string, { convert = true } = {}) =>
  withPy(py.builtins.open(file, "rb"), (f) => (convert ? pickle.load(f) : toHandle(pickle.load(f))));

test("test-python-pickle.R: Objects can be saved and loaded with pickle", async () => {
  const x = py.builtins.dict() as any;
  x.a = float(1); // R's 1 is a double; reticulate's `$<-` on a dict sets the item
  x.b = float(2);
  const file = join(dir, "x.pickle");
  await saveObject(x, file);
  const operator = py.import("operator");
  const y = await loadObject(file);
  expect(y).toEqual({ a: 1, b: 2 });
  // y is a plain object now: as the last argument it would be keyword arguments, so dict(y) passes it as a dict
  expect(await py.builtins.bool(operator.eq(x, dict(y)))).toBe(true);
  const handle = await loadObject(file, { convert: false }); // the dict itself
  expect(await isinstance(handle, py.builtins.dict)).toBe(true);
  expect(await py.eval("lambda d: [type(v).__name__ for v in d.values()]")(handle)).toEqual(["float", "float"]);
  expect(await operator.eq(x, handle)).toBe(true);
});
