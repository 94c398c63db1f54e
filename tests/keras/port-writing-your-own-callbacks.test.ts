// examples/port-keras/: Keras' guide "Writing your own callbacks" (keras-io guides/writing_your_own_callbacks.py),
// in Python and ported line for line to TypeScript. The guide's result is what its callbacks print: each section
// runs in both languages, seeded alike in the one Python process, and must print the same lines (log keys, losses
// to two decimals, early stopping, the scheduled learning rates) and return the same histories and weights.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { item, py } from "../../src/index.js";
import * as guide from "../../examples/port-keras/writing-your-own-callbacks.js";

afterAll(() => py.shutdown());

const examplesDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../examples/port-keras");
const pythonGuide = py.import("runpy").run_path(join(examplesDir, "writing_your_own_callbacks.py"), {
  run_name: "port_keras_guide",
});
py.exec(String.raw`
import contextlib, io

def capture_stdout(fn):
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        result = fn()
    return {"result": result, "printed": buffer.getvalue().split("\n")[:-1]}
`);
import { expectSame } from "../support/same-as-python.js";

type Section = "a_basic_example" | "usage_of_logs_dict" | "early_stopping_at_minimum_loss" | "learning_rate_scheduling";

/** What the Python section prints and returns. */
async function runPython(section: Section): Promise<{ result: any; printed: string[] }> {
  return (await py.eval("capture_stdout")(item(pythonGuide, section))) as { result: any; printed: string[] };
}

/** What the TypeScript section prints (console.log, one call per Python print) and returns. */
async function runTs(section: Section): Promise<{ result: any; printed: string[] }> {
  const calls: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void calls.push(args.join(" ")));
  try {
    const result = await guide[section]();
    return { result, printed: calls.join("\n").split("\n") };
  } finally {
    spy.mockRestore();
  }
}


describe("writing_your_own_callbacks", () => {
  it("A basic example: CustomCallback's hooks print the log keys Python's print, in fit, evaluate and predict", async () => {
    const python = await runPython("a_basic_example");
    const ts = await runTs("a_basic_example");
    expect(ts.printed).toEqual(python.printed);
    expectSame(ts.result, python.result);
    expect(ts.printed[0]).toBe("Starting training; got log keys: []");
    expect(ts.printed).toContain(
      "Stop training; got log keys: ['loss', 'mean_absolute_error', 'val_loss', 'val_mean_absolute_error']",
    );
    expect(ts.printed.filter((l) => l.startsWith("...Predicting: end of batch"))).toHaveLength(2); // 256 rows / 128
  });

  it("Usage of logs dict: LossAndErrorPrintingCallback prints Python's losses", async () => {
    const python = await runPython("usage_of_logs_dict");
    const ts = await runTs("usage_of_logs_dict");
    expect(ts.printed).toEqual(python.printed);
    expectSame(ts.result, python.result);
    expect(ts.printed.filter((l) => l.startsWith("The average loss for epoch"))).toHaveLength(2);
  });

  it("EarlyStoppingAtMinLoss stops where Python's does and restores the best weights", async () => {
    const python = await runPython("early_stopping_at_minimum_loss");
    const ts = await runTs("early_stopping_at_minimum_loss");
    expect(ts.printed).toEqual(python.printed);
    expectSame(ts.result, python.result);
    expect(ts.result.history.loss.length).toBeLessThan(10); // stopped early
    expect(ts.printed.at(-1)).toBe(`Epoch ${ts.result.history.loss.length}: early stopping`);
  });

  it("CustomLearningRateScheduler calls the JS lr_schedule and sets Python's learning rates", async () => {
    const python = await runPython("learning_rate_scheduling");
    const ts = await runTs("learning_rate_scheduling");
    expect(ts.printed).toEqual(python.printed);
    expectSame(ts.result, python.result);
    expect(ts.printed).toContain("Epoch 3: Learning rate is 0.05.");
    expect(ts.printed).toContain("Epoch 12: Learning rate is 0.001.");
    expect(ts.result.learning_rate).toBeCloseTo(0.001, 6);
  });
});
