// reticulate's tests/testthat/test-python-exceptions.R. py_last_error() is the PythonError itself here.
import { afterAll, expect, test } from "vitest";
import { PythonError, py } from "../../src/index.js";
import { pyFunc, rejection } from "./support.js";

afterAll(() => py.shutdown());

/** The messages of an error and of its causes, outermost first. */
function chain(e: unknown): string[] {
  const out: string[] = [];
  for (let x = e as Error | undefined; x instanceof Error && out.length < 20; x = x.cause as Error | undefined) out.push(x.message);
  return out;
}

test("test-python-exceptions.R: py_last_error() returns R strings", async () => {
  const er = await rejection(py.eval("range(3)[3]"));
  expect(er).toBeInstanceOf(PythonError);
  expect(er.type).toBe("IndexError");
  expect(typeof er.pythonMessage).toBe("string");
  expect(typeof er.pythonTraceback).toBe("string");
  expect(typeof er.message).toBe("string");
});

test("test-python-exceptions.R: py_last_error() returns the R error condition object", async () => {
  const signalSimpleError = () => {
    throw new Error("Hello signal_simple_error");
  };
  const raisePyException = () => py.exec("raise RuntimeError('Hello raise_py_exception')");
  const signalPyException = () => {
    throw py.builtins.RuntimeError("Hello signal_py_exception");
  };
  const nest = (fn: () => unknown) => {
    const f1 = pyFunc(fn);
    const f2 = pyFunc(() => f1());
    const f3 = pyFunc(() => f2());
    const f4 = pyFunc(() => f3());
    return [f1, f2, f3, f4];
  };
  const cases: [string, ReturnType<typeof nest>][] = [
    ["tsreticulate.errors.JSError", nest(signalSimpleError)],
    ["RuntimeError", nest(raisePyException)],
    ["RuntimeError", nest(signalPyException)],
  ];
  for (const [type, fns] of cases) {
    for (const fn of fns) {
      const e = await rejection(fn());
      expect(e).toBeInstanceOf(PythonError);
      expect(e.isInstance("Exception")).toBe(true);
      expect(e.isInstance("BaseException")).toBe(true);
      expect(e.type).toBe(type); // a Python exception raised or thrown in JS stays itself through the JS frames
      expect(e.message).toMatch(/Hello/);
      expect(typeof e.stack).toBe("string");
    }
  }

  await py.exec(`
def catch_and_replace_exception(fn):
    try:
      fn()
    except:
      raise RuntimeError('''It's a mystery!''')

def catch_clear_errstatus_then_raise_new_exception(fn):
    failed = False
    try:
      res = fn()
    except:
      failed = True
    if failed:
      raise RuntimeError('''It's a mystery!''')
    return res
`);
  const main = py.import("__main__", { convert: false });
  for (const erroringFn of [signalSimpleError, raisePyException, signalPyException]) {
    let f1 = pyFunc(erroringFn);
    let f2 = pyFunc(() => f1());
    let f3 = pyFunc(() => main.catch_and_replace_exception(f2));
    let f4 = pyFunc(() => f3());
    let f5 = pyFunc(() => f4());
    let e = await rejection(f5());
    const messages = chain(e).join("\n");
    expect(messages).toContain("It's a mystery!");
    expect(messages).toContain("Hello"); // Python's "During handling of the above exception" chain
    expect(e.pythonTraceback).toContain("catch_and_replace_exception");

    f1 = pyFunc(erroringFn);
    f2 = pyFunc(() => f1());
    f3 = pyFunc(() => main.catch_clear_errstatus_then_raise_new_exception(f2));
    f4 = pyFunc(() => f3());
    f5 = pyFunc(() => f4());
    e = await rejection(f5());
    // Python dropped the first exception; reticulate adds it back from R's own trace (rlang), which has no
    // counterpart here: the error is Python's.
    expect(chain(e).join("\n")).toContain("It's a mystery!");
    expect(e.pythonTraceback).toContain("catch_clear_errstatus_then_raise_new_exception");
  }
});

test("test-python-exceptions.R: (issue #13) a Python exception thrown from a JS callback is that exception in Python", async () => {
  await py.exec(`
def catching(f):
    try:
        f()
    except RuntimeError as e:
        return "caught " + str(e)
`);
  const catching = py.eval("catching");
  expect(await catching(() => {
    throw py.builtins.RuntimeError("Hello");
  })).toBe("caught Hello");
  // A PythonError rethrown by JS is the original exception again.
  expect(await catching(async () => {
    await py.exec("raise RuntimeError('from Python')");
  })).toBe("caught from Python");
});

test("test-python-exceptions.R: confirm rlang/purrr can catch the exception", async () => {
  // rlang and purrr are R; what is left is that a Python exception is an ordinary rejection JS can catch.
  const cnd = await rejection(py.exec("raise ZeroDivisionError"));
  expect(cnd).toBeInstanceOf(Error);
  expect(cnd.type).toBe("ZeroDivisionError");
  const results = await Promise.allSettled([1, 2, 3].map((i) => (i === 2 ? py.exec("raise Exception('fooobaar')") : i)));
  expect(results[1]!.status).toBe("rejected");
  expect((results[1] as PromiseRejectedResult).reason.message).toMatch(/fooobaar/);
});
