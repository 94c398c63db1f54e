// examples/port-keras/: Keras' guide "Writing a training loop from scratch in PyTorch" (keras-io
// guides/writing_a_custom_training_loop_in_torch.py), in Python and ported line for line to TypeScript, whose loops
// iterate torch DataLoaders from TypeScript and step a torch or Keras optimizer per batch. Each section seeds Keras
// in the one Python process, so both must print the same losses and accuracies, line for line.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { item, py } from "../../src/index.js";
import * as guide from "../../examples/port-keras/writing-a-custom-training-loop-in-torch.js";

afterAll(() => py.shutdown());

const examplesDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../examples/port-keras");
const pythonGuide = py.import("runpy").run_path(join(examplesDir, "writing_a_custom_training_loop_in_torch.py"), {
  run_name: "port_keras_guide",
});
py.exec(String.raw`
import contextlib, io

def capture_stdout(fn):
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        fn()
    return buffer.getvalue().split("\n")[:-1]
`);

type Section = "a_first_end_to_end_example" | "low_level_handling_of_metrics" | "low_level_handling_of_losses";

async function printedByPython(section: Section): Promise<string[]> {
  return (await py.eval("capture_stdout")(item(pythonGuide, section))) as string[];
}

async function printedByTs(section: Section): Promise<string[]> {
  const calls: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void calls.push(args.join(" ")));
  try {
    await guide[section]();
    return calls.join("\n").split("\n");
  } finally {
    spy.mockRestore();
  }
}

describe("writing_a_custom_training_loop_in_torch", () => {
  it("A first end-to-end example: torch and Keras optimizers, stepped from TypeScript, print Python's losses", async () => {
    const python = await printedByPython("a_first_end_to_end_example");
    const ts = await printedByTs("a_first_end_to_end_example");
    expect(ts).toEqual(python);
    expect(ts.filter((l) => l.startsWith("Training loss"))).toHaveLength(12); // 2 loops x 2 epochs x 3 logged steps
  });

  it("Low-level handling of metrics: Python's training and validation accuracies", async () => {
    const python = await printedByPython("low_level_handling_of_metrics");
    const ts = await printedByTs("low_level_handling_of_metrics");
    expect(ts).toEqual(python);
    expect(ts.filter((l) => l.startsWith("Validation acc: "))).toHaveLength(2);
  });

  it("Low-level handling of losses: model.losses from a TypeScript add_loss join the loss as in Python", async () => {
    const python = await printedByPython("low_level_handling_of_losses");
    const ts = await printedByTs("low_level_handling_of_losses");
    expect(ts).toEqual(python);
    const first = Number(/: ([\d.]+)$/.exec(ts.find((l) => l.startsWith("Training loss"))!)![1]);
    expect(first).toBeGreaterThan(10); // the activity regularization term dominates the first batch
  });
});
