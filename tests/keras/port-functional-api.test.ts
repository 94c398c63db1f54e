// examples/port-keras/functional-api.ts: the Keras 3 guide "The Functional API", ported line for line, builds
// and trains what the guide's Python text (functional_api.py) does, section by section: the same models (parameter
// counts, layer classes, output shapes), multi-input and multi-output shapes, shared layers, the layer graph
// extracted with `[layer.output for layer in vgg19.layers]`, custom layers and their serialization through
// get_config/from_config, and a save/load round trip.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { dict, item, py, tuple, type NDArray, type PyObject } from "../../src/index.js";
import * as guide from "../../examples/port-keras/functional-api.js";

const folder = mkdtempSync(join(tmpdir(), "tsreticulate-functional-api-"));
afterAll(async () => {
  await py.shutdown();
  rmSync(folder, { recursive: true, force: true });
});

const examplesDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../examples/port-keras");
/** The Python guide's module globals (its main() does not run). */
const pythonGuide = py.import("runpy").run_path(join(examplesDir, "functional_api.py"), { run_name: "functional_api" });

/** What a section of the Python guide returned (a dict of what it built). */
function pythonSection(name: string, ...args: unknown[]): PyObject {
  return item(pythonGuide, name)(...args);
}

interface ModelFacts {
  name: string;
  params: number;
  layers: { type: string; output: unknown }[];
}

/** What the guide shows of a model: its summary's parameter count, and each layer's class and output shape. */
async function factsOf(model: PyObject): Promise<ModelFacts> {
  const layers = (await model.layers) as PyObject[];
  return {
    name: (await model.name) as string,
    params: (await model.count_params()) as number,
    layers: await Promise.all(
      layers.map(async (layer) => ({
        type: (await layer.__class__.__name__) as string,
        output: await py.x`__import__("keras").tree.map_structure(lambda t: t.shape, ${layer}.output)`,
      })),
    ),
  };
}

/** Auto-generated names (`dense_6`) count every layer made so far in the process: compare without them. */
const unnamed = ({ params, layers }: ModelFacts) => ({ params, layers });

// Each section trains or builds in both languages: the multi-input LSTMs and VGG19 take tens of seconds on a busy CPU.
describe("the functional API guide, ported", { timeout: 300_000 }, () => {
  it("introduction: inputs, a three-layer MLP of 55,050 parameters", async () => {
    const ts = await guide.introduction();
    const python = pythonSection("introduction");
    expect(await ts.inputs.shape).toEqual([null, 784]);
    expect(await ts.inputs.dtype).toBe("float32");
    expect(await ts.img_inputs.shape).toEqual([null, 32, 32, 3]);
    const facts = await factsOf(ts.model);
    expect(facts.name).toBe("mnist_model");
    expect(facts.params).toBe(55_050);
    expect(facts.layers.map((l) => l.output)).toEqual([[null, 784], [null, 64], [null, 64], [null, 10]]);
    expect(await factsOf(item(python, "model"))).toEqual(facts);
  });

  it("training, evaluation and inference: two epochs with a validation split, then evaluate", async () => {
    const { model } = await guide.introduction();
    const ts = await guide.training_evaluation_and_inference(model);
    const python = pythonSection("training_evaluation_and_inference", item(pythonSection("introduction"), "model"));
    const history = (await ts.history.history) as Record<string, number[]>;
    expect(Object.keys(history).sort()).toEqual(["accuracy", "loss", "val_accuracy", "val_loss"]);
    for (const values of Object.values(history)) expect(values).toHaveLength(2);
    expect(Object.keys((await item(python, "history").history) as object).sort()).toEqual(Object.keys(history).sort());
    expect(ts.test_scores).toHaveLength(2);
    expect(ts.test_scores.every((v: unknown) => typeof v === "number" && Number.isFinite(v))).toBe(true);
  });

  it("save and serialize: the model read back from its file is the same model", async () => {
    const { model } = await guide.introduction();
    const { model: loaded } = await guide.save_and_serialize(model, folder);
    expect(unnamed(await factsOf(loaded))).toEqual(unnamed(await factsOf(model)));
    const np = py.import("numpy", { convert: false });
    const x = np.random.random(tuple(8, 784));
    expect(await py.x`__import__("numpy").allclose(${model}.predict(${x}, verbose=0), ${loaded}.predict(${x}, verbose=0))`).toBe(true);
  });

  it("one graph of layers, two models: the encoder's layers are the autoencoder's", async () => {
    const ts = await guide.same_graph_of_layers_for_multiple_models();
    const python = pythonSection("same_graph_of_layers_for_multiple_models");
    const encoder = await factsOf(ts.encoder);
    const autoencoder = await factsOf(ts.autoencoder);
    expect(encoder.params).toBe(18_672);
    expect(autoencoder.params).toBe(28_241);
    expect(autoencoder.layers.at(-1)!.output).toEqual([null, 28, 28, 1]);
    expect(await py.x`all(any(l is m for m in ${ts.autoencoder}.layers) for l in ${ts.encoder}.layers)`).toBe(true);
    expect(unnamed(await factsOf(item(python, "encoder")))).toEqual(unnamed(encoder));
    expect(unnamed(await factsOf(item(python, "autoencoder")))).toEqual(unnamed(autoencoder));
  });

  it("models are callable: the autoencoder nests the encoder and the decoder", async () => {
    const ts = await guide.models_are_callable();
    const python = pythonSection("models_are_callable");
    const autoencoder = await factsOf(ts.autoencoder);
    expect((await factsOf(ts.decoder)).params).toBe(9_569);
    expect(autoencoder.params).toBe(28_241);
    expect(autoencoder.layers.map((l) => l.type)).toEqual(["InputLayer", "Functional", "Functional"]);
    expect(await py.x`${ts.autoencoder}.layers[1] is ${ts.encoder} and ${ts.autoencoder}.layers[2] is ${ts.decoder}`).toBe(true);
    for (const name of ["encoder", "decoder", "autoencoder"] as const) {
      expect(unnamed(await factsOf(item(python, name)))).toEqual(unnamed(await factsOf(ts[name])));
    }
  });

  it("ensembling: three models averaged", async () => {
    const ts = guide.ensembling();
    const facts = await factsOf(ts.ensemble_model);
    expect(facts.params).toBe(387);
    expect(facts.layers.map((l) => l.type)).toEqual(["InputLayer", "Functional", "Functional", "Functional", "Average"]);
    expect(unnamed(await factsOf(item(pythonSection("ensembling"), "ensemble_model")))).toEqual(unnamed(facts));
  });

  it("multiple inputs and outputs: three inputs, a dict of two outputs, trained with per-output losses", async () => {
    const ts = await guide.multiple_inputs_and_outputs();
    const python = pythonSection("multiple_inputs_and_outputs");
    const facts = await factsOf(ts.model);
    expect(facts.params).toBe(1_392_097);
    expect(unnamed(await factsOf(item(python, "model")))).toEqual(unnamed(facts));
    const history = (await ts.history.history) as Record<string, number[]>;
    expect(Object.keys(history).sort()).toEqual(Object.keys((await item(python, "history").history) as object).sort());
    expect(Object.keys(history)).toEqual(expect.arrayContaining(["loss", "priority_loss", "department_loss"]));
    const np = py.import("numpy", { convert: false });
    const predictions = (await ts.model.predict(
      dict({
        title: np.random.randint(10000, { size: tuple(3, 10) }),
        body: np.random.randint(10000, { size: tuple(3, 100) }),
        tags: np.random.randint(2, { size: tuple(3, 12) }).astype("float32"),
      }),
      { verbose: 0 },
    )) as Record<string, NDArray>;
    expect(predictions.priority!.shape).toEqual([3, 1]);
    expect(predictions.department!.shape).toEqual([3, 4]);
  });

  it("a toy ResNet: residual additions, 223,242 parameters, trained on the first samples", async () => {
    const ts = await guide.toy_resnet();
    const python = pythonSection("toy_resnet");
    const facts = await factsOf(ts.model);
    expect(facts.params).toBe(223_242);
    expect(facts.layers.filter((l) => l.type === "Add")).toHaveLength(2);
    expect(unnamed(await factsOf(item(python, "model")))).toEqual(unnamed(facts));
    const history = (await ts.history.history) as Record<string, number[]>;
    expect(Object.keys(history).sort()).toEqual(["acc", "loss", "val_acc", "val_loss"]);
    expect(history.loss).toHaveLength(1);
  });

  it("shared layers: one Embedding encodes both inputs", async () => {
    for (const built of [guide.shared_layers(), await pythonSection("shared_layers")] as Record<string, PyObject>[]) {
      const { shared_embedding, encoded_input_a, encoded_input_b } = built;
      expect(await encoded_input_a!.shape).toEqual([null, null, 128]);
      expect(await encoded_input_b!.shape).toEqual([null, null, 128]);
      expect(await shared_embedding!.count_params()).toBe(128_000);
      expect(
        await py.x`${encoded_input_a}._keras_history.operation is ${encoded_input_b}._keras_history.operation is ${shared_embedding}`,
      ).toBe(true);
    }
  });

  it("extract and reuse nodes: VGG19's layer outputs as a feature-extraction model", async () => {
    const ts = guide.extract_and_reuse_nodes();
    expect(await ts.vgg19.count_params()).toBe(143_667_240);
    const shapesOf = (tensors: PyObject) => py.x`[tuple(t.shape) for t in ${tensors}]`;
    const features = (await shapesOf(ts.features_list)) as unknown[][];
    expect(features).toHaveLength(26);
    const extracted = (await shapesOf(ts.extracted_features)) as number[][];
    expect(extracted[0]).toEqual([1, 224, 224, 3]);
    expect(extracted.at(-1)).toEqual([1, 1000]);
    expect(extracted.map((s) => s.slice(1))).toEqual(features.map((s) => s.slice(1)));
    const python = pythonSection("extract_and_reuse_nodes");
    expect(await shapesOf(item(python, "features_list"))).toEqual(features);
    expect(await shapesOf(item(python, "extracted_features"))).toEqual(extracted);
  });

  it("custom layers: a CustomDense written in TypeScript, its call a py.x template", async () => {
    const ts = guide.custom_layers();
    const facts = await factsOf(ts.model);
    expect(facts.params).toBe(50);
    expect(facts.layers.map((l) => l.type)).toEqual(["InputLayer", "CustomDense"]);
    expect(unnamed(await factsOf(item(pythonSection("custom_layers"), "model")))).toEqual(unnamed(facts));
    const out = (await ts.model(py.import("numpy").ones(tuple(2, 4), { dtype: "float32" }))) as unknown;
    expect(await py.x`tuple(${out}.shape)`).toEqual([2, 10]);
  });

  it("custom layer serialization: get_config, then from_config with custom_objects naming the TypeScript class", async () => {
    const ts = guide.custom_layer_serialization();
    const python = pythonSection("custom_layer_serialization");
    const facts = await factsOf(ts.model);
    expect(facts.params).toBe(50);
    expect(facts.layers.map((l) => l.type)).toEqual(["InputLayer", "CustomDense"]);
    expect(await ts.model.layers[1].get_config()).toEqual({ units: 10 });
    // The rebuilt layer is an instance of the same Python class, made by its JS constructor from the config.
    expect(unnamed(await factsOf(ts.new_model))).toEqual(unnamed(facts));
    expect(await py.x`type(${ts.new_model}.layers[1]) is type(${ts.model}.layers[1])`).toBe(true);
    expect(await ts.new_model.layers[1].units).toBe(10);
    expect(unnamed(await factsOf(item(python, "new_model")))).toEqual(unnamed(facts));
    const out = (await ts.new_model(py.import("numpy").ones(tuple(2, 4), { dtype: "float32" }))) as unknown;
    expect(await py.x`tuple(${out}.shape)`).toEqual([2, 10]);
  });

  it("mix and match: a custom RNN layer, written with a loop over time steps, around a functional model", async () => {
    const ts = guide.mix_and_match();
    expect(await ts.output.shape).toEqual([1, 1]);
    expect(await item(pythonSection("mix_and_match"), "output").shape).toEqual([1, 1]);
  });

  it("a custom RNN inside a functional model with a static batch size", async () => {
    const ts = guide.custom_rnn_in_a_functional_model();
    const python = pythonSection("custom_rnn_in_a_functional_model");
    const facts = await factsOf(ts.model);
    expect(facts.layers.map((l) => l.output)).toEqual([[16, 10, 5], [16, 8, 32], [16, 8, 1]]);
    expect(unnamed(await factsOf(item(python, "model")))).toEqual(unnamed(facts));
    expect(await ts.output.shape).toEqual([1, 10, 1]);
    expect(await item(python, "output").shape).toEqual(await ts.output.shape);
  });
});
