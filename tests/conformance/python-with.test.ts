// reticulate's tests/testthat/test-python-with.R: `with` passes the body's error to __exit__ as Python would.
import { afterAll, expect, test } from "vitest";
import { PythonError, py, withPy } from "../../src/index.js";
import { rejection } from "./support.js";

afterAll(() => py.shutdown());

test("test-python-with.R: with() propagates errors/exceptions to Python context managers", async () => {
  await py.exec(
    [
      "class _ReticulateCaptureCtx:",
      "    def __init__(self):",
      "        self.args = None",
      "    def __enter__(self):",
      "        return self",
      "    def __exit__(self, exc_type, exc_value, exc_tb):",
      "        self.args = (exc_type, exc_value, exc_tb)",
      "        return False",
    ].join("\n"),
  );
  const typeName = py.eval("lambda x: type(x).__name__");

  // a JS error
  let ctx = py.eval("_ReticulateCaptureCtx()");
  const boom = await rejection(withPy(ctx, () => {
    throw new Error("boom");
  }));
  expect(boom.message).toBe("boom");
  let args = ctx.args;
  expect(await typeName(args[0])).toBe("type");
  expect(await typeName(args[1])).toBe("JSError");
  expect(await py.builtins.str(args[1])).toBe("Error: boom");

  // a Python exception
  ctx = py.eval("_ReticulateCaptureCtx()");
  const kaboom = await rejection(withPy(ctx, () => py.exec("raise ValueError('kaboom')")));
  expect(kaboom).toBeInstanceOf(PythonError);
  expect(kaboom.message).toMatch(/kaboom/);
  args = ctx.args;
  expect(await typeName(args[0])).toBe("type");
  expect(await typeName(args[1])).toBe("ValueError");
  expect(await typeName(args[2])).toBe("traceback");

  await py.exec("del _ReticulateCaptureCtx");
});

test("test-python-with.R: (issue #13) contextlib.suppress suppresses the body's Python exception", async () => {
  const contextlib = py.import("contextlib");
  const suppressed = await withPy(contextlib.suppress(py.builtins.ValueError), async () => {
    await py.exec("raise ValueError('suppressed')");
    return "not reached";
  });
  expect(suppressed).toBe(undefined);
  // A thrown proxy of a Python exception is that exception for __exit__ too.
  expect(await withPy(contextlib.suppress(py.builtins.KeyError), () => {
    throw py.builtins.KeyError("k");
  })).toBe(undefined);
  // Another type is not suppressed.
  const error = await rejection(withPy(contextlib.suppress(py.builtins.KeyError), () => py.exec("raise ValueError('v')")));
  expect(error.type).toBe("ValueError");
});
