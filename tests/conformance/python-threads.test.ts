// reticulate's tests/testthat/test-python-threads.R: Python threads run while JS does other work, and may call JS
// functions (the call is handed to the bridge's thread).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { dict, py } from "../../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "tsreticulate-threads-"));
afterAll(async () => {
  await py.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

/** Waits (a bound for a hung test, not a timing assertion) until `done()` holds. */
async function until(done: () => boolean, limitMs = 20_000): Promise<boolean> {
  const end = Date.now() + limitMs;
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return done();
}

/** reticulate's py_run_file_on_thread: runs a Python file on a new thread with the given globals. */
py.exec(`
def py_run_file_on_thread(path, init_globals):
    import threading
    def run():
        with open(path) as f:
            exec(compile(f.read(), path, "exec"), dict(init_globals))
    threading.Thread(target=run, daemon=True).start()
`);
const runFileOnThread = py.eval("py_run_file_on_thread");

test("test-python-threads.R: py_allow_threads() can enable/disable background threads", async () => {
  // py_allow_threads() decides whether R lets go of Python's GIL; Python runs in its own process here, so its
  // threads always run while JS does something else: the second half of the case.
  const file = join(dir, "letters.txt");
  const writeToFileFromThread = py.exec(`
def write_to_file_from_thread(path, lines):
    from time import sleep

    def write_to_file(path, lines):
        sleep(.1)
        with open(path, 'w') as f:
            for line in list(lines):
                f.write(line + '\\n')

    from _thread import start_new_thread
    start_new_thread(write_to_file, (path, lines))
`);
  await writeToFileFromThread;
  const letters = "abcdefghijklmnopqrstuvwxyz".split("");
  await py.eval("write_to_file_from_thread")(file, letters);
  expect(await until(() => existsSync(file) && readFileSync(file, "utf8").split("\n").length > letters.length)).toBe(true);
  expect(readFileSync(file, "utf8").trimEnd().split("\n")).toEqual(letters);
});

test("test-python-threads.R: Python calls into R from a background thread are evaluated", async () => {
  let x = 0;
  const rFunc = () => (x += 1);
  const pyFile = join(dir, "call.py");
  writeFileSync(pyFile, "r_func()\n");
  await runFileOnThread(pyFile, dict({ r_func: rFunc }));
  // JS does non-Python work (waits) while the thread's call comes in.
  expect(await until(() => x !== 0)).toBe(true);
  expect(x).toBe(1);
});

test("test-python-threads.R: Errors from background threads calling into main thread are handled", async () => {
  const signalRError = () => {
    throw new Error("foo-bar-baz");
  };
  let val: unknown = null;
  const setVal = (v: unknown) => {
    val = v;
  };
  const pyFile = join(dir, "error.py");
  writeFileSync(pyFile, "try: signal_r_error()\nexcept Exception as e: set_val(e.args[0])\n");
  await runFileOnThread(pyFile, dict({ signal_r_error: signalRError, set_val: setVal }));
  expect(await until(() => val !== null)).toBe(true);
  expect(val).toBe("Error: foo-bar-baz"); // a JSError's message names the JS error's class
});

test("test-python-threads.R: (issue #13) a ThreadPoolExecutor calls JS functions while the call that started it waits", async () => {
  const mapOnThreads = py.eval(
    "lambda f, xs: list(__import__('concurrent.futures').futures.ThreadPoolExecutor(4).map(f, xs))",
  );
  expect(await mapOnThreads((v: number) => v * 2, [1, 2, 3, 4, 5, 6, 7, 8])).toEqual([2, 4, 6, 8, 10, 12, 14, 16]);
  // An async JS function, which calls Python itself, from the worker threads.
  const math = py.import("math");
  expect(await mapOnThreads(async (v: number) => (await math.sqrt(v)) as number, [1, 4, 9])).toEqual([1, 2, 3]);
  // An exception in JS is raised in the worker thread and reaches the caller as Python would pass it on.
  const error = await mapOnThreads(() => {
    throw new RangeError("worker");
  }, [1]).then(() => null, (e: Error) => e);
  expect(error?.message).toMatch(/RangeError: worker/);
});

test("test-python-threads.R: (issue #13) eight threads calling JS functions, round after round, never hang", async () => {
  // Found by trying the library as a new user: a wake-up of the bridge's thread was lost within a few dozen rounds.
  const executor = py.import("concurrent.futures").ThreadPoolExecutor(8);
  for (let round = 0; round < 40; round++) {
    const doubled = (await py.builtins.list(executor.map((x: number) => x * 2, py.builtins.range(100)))) as number[];
    expect(doubled.length).toBe(100);
    expect(doubled[99]).toBe(198);
  }
  await executor.shutdown();
});

test("test-python-threads.R: (issue #13) Keras' PyDataset with workers calls JS functions from its threads", async () => {
  const keras = py.import("keras", { convert: false });
  await py.exec(`
import keras, numpy as np
class JsDataset(keras.utils.PyDataset):
    def __init__(self, make_batch, **kwargs):
        super().__init__(**kwargs)
        self.make_batch = make_batch
    def __len__(self):
        return 4
    def __getitem__(self, i):
        x, y = self.make_batch(i)
        return np.asarray(x, dtype="float32"), np.asarray(y, dtype="float32")
`);
  const calls: number[] = [];
  const makeBatch = (i: number) => {
    calls.push(i);
    return [Array.from({ length: 8 }, (_, r) => [r + i, 1]), Array.from({ length: 8 }, () => [1])];
  };
  const dataset = py.eval("JsDataset")(makeBatch, { workers: 2, use_multiprocessing: false });
  const model = keras.Sequential([keras.Input([2]), keras.layers.Dense(1)]);
  model.compile({ loss: "mse", optimizer: "sgd" });
  const history = await model.fit(dataset, { epochs: 1, verbose: 0 });
  expect(((await history.history) as { loss: number[] }).loss).toHaveLength(1);
  expect([...new Set(calls)].sort()).toEqual([0, 1, 2, 3]);
});
