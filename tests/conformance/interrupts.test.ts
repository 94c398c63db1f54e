// reticulate's tests/testthat/test-interrupts.R. reticulate interrupts with SIGINT; the interrupt here is an
// AbortSignal (py.withSignal), which is what Ctrl-C does to the call in flight (tests/faults/abort.test.ts).
import { afterAll, expect, test } from "vitest";
import { isAbortError, py } from "../../src/index.js";
import { rejection } from "./support.js";

afterAll(() => py.shutdown());

const stack = () => py.eval("len(__import__('traceback').extract_stack())");

test("test-interrupts.R: Running Python scripts can be interrupted", async () => {
  const time = py.import("time");
  const interrupted = await rejection(py.withSignal(AbortSignal.timeout(500), () => time.sleep(60)));
  expect(isAbortError(interrupted)).toBe(true);
});

test("test-interrupts.R: interrupts work when Python is running", async () => {
  const before = await stack();
  const interrupted = await rejection(
    py.withSignal(AbortSignal.timeout(500), () => py.exec("i = 0\nwhile True:\n  i += 1\n")),
  );
  expect(isAbortError(interrupted)).toBe(true);
  expect(await stack()).toBe(before); // Python's stack was unwound
  expect(await py.eval("i")).toBeGreaterThan(0);
});

test("test-interrupts.R: interrupts can be caught by Python", async () => {
  const before = await stack();
  await py.withSignal(AbortSignal.timeout(500), () =>
    py.exec(`
out = []
try:
  i = 0
  while True:
    i += 1
except KeyboardInterrupt:
  out.append('Caught interrupt; ')
finally:
  out.append('Running finally; ')

out.append('Python finished; ')
`),
  ); // resolves: Python caught the interrupt and finished
  expect((await py.eval("out")).join("")).toBe("Caught interrupt; Running finally; Python finished; ");
  expect(await stack()).toBe(before);
});

test("test-interrupts.R: interrupts can be caught by Python while calling R", async () => {
  const before = await stack();
  await py.exec("out = []");
  // A JS function that runs until interrupted (it never settles): Python's wait for it is what is interrupted.
  const runForever = () => new Promise(() => undefined);
  const result = await py.withSignal(AbortSignal.timeout(500), () =>
    py.eval(`(lambda f: exec('''
try:
  f()
except KeyboardInterrupt as e:
  out.append('Caught interrupt; ')
finally:
  out.append('Running finally; ')
out.append('Python finished; ')
''', {**globals(), 'f': f}) or 'returned')`)(runForever),
  );
  expect(result).toBe("returned"); // the call returns its value
  expect((await py.eval("out")).join("")).toBe("Caught interrupt; Running finally; Python finished; ");
  expect(await stack()).toBe(before);
});
