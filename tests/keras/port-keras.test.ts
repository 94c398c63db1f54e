// examples/port-keras/: each Keras example in Python and its TypeScript port build the same model (parameter
// counts, layer classes and output shapes) and both train.
import { join, resolve } from "node:path";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { item, py, type PyObject } from "../../src/index.js";
import * as convnet from "../../examples/port-keras/convnet.js";
import * as mnistMlp from "../../examples/port-keras/mnist-mlp.js";
import * as twoInputs from "../../examples/port-keras/two-inputs.js";

afterAll(() => py.shutdown());

const examplesDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../examples/port-keras");

/** The globals of a Python example file, run as a module (its `main()` does not run). */
function pythonExample(file: string): PyObject {
  return py.import("runpy").run_path(join(examplesDir, file), { run_name: "port_keras_example" });
}

interface ModelFacts {
  params: number;
  layers: { type: string; output: (number | null)[] }[];
}

async function factsOf(model: PyObject): Promise<ModelFacts> {
  const layers = (await model.layers) as PyObject[];
  return {
    params: await model.count_params(),
    layers: await Promise.all(
      layers.map(async (layer) => ({ type: await layer.__class__.__name__, output: await layer.output.shape })),
    ),
  };
}

const examples = [
  { name: "MNIST MLP", python: "mnist_mlp.py", ts: mnistMlp, params: 669_706 },
  { name: "MNIST convnet", python: "convnet.py", ts: convnet, params: 34_826 },
  { name: "two inputs and Concatenate", python: "two_inputs.py", ts: twoInputs, params: 625 },
];

describe.each(examples)("$name", ({ python, ts, params }) => {
  it("builds the same model in Python and in TypeScript", async () => {
    const fromPython = await factsOf(item(pythonExample(python), "build_model")());
    const fromTs = await factsOf(ts.buildModel());
    expect(fromPython.params).toBe(params);
    expect(fromTs).toEqual(fromPython);
  });

  it("trains, from both languages", async () => {
    await item(pythonExample(python), "main")();
    await ts.main();
  });
});

describe("the ported shapes", () => {
  it("are Keras' (spot check)", async () => {
    const facts = await factsOf(convnet.buildModel());
    expect(facts.layers.map((l) => l.output)).toEqual([
      [null, 26, 26, 32],
      [null, 13, 13, 32],
      [null, 11, 11, 64],
      [null, 5, 5, 64],
      [null, 1600],
      [null, 1600],
      [null, 10],
    ]);
    const two = await factsOf(twoInputs.buildModel());
    expect(two.layers.map((l) => l.type)).toContain("Concatenate");
  });
});
