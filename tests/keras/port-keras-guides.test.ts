// examples/port-keras/: the Keras guides on subclassing and on a custom train_step, in Python and ported line
// for line to TypeScript, give the same shapes, counts and configs, and their layers and models behave as the
// guides say they do (dropout only in training, add_loss losses, train_step updating metrics).
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { float, item, len, py, tuple, type PyObject } from "../../src/index.js";
import * as subclassing from "../../examples/port-keras/making-new-layers-and-models-via-subclassing.js";
import * as trainStep from "../../examples/port-keras/custom-train-step-in-torch.js";

afterAll(() => py.shutdown());

const examplesDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../examples/port-keras");
const keras = py.import("keras", { convert: false });
const np = py.import("numpy", { convert: false });

/** What the Python guide's main() returns, its sections' facts. */
async function pythonFacts(file: string): Promise<Record<string, any>> {
  const globals = py.import("runpy").run_path(join(examplesDir, file), { run_name: "port_keras_guide" });
  return (await item(globals, "main")()) as Record<string, any>;
}

/** The keys of each history and how many epochs each holds: the shape of a training run, not its values. */
function historyShape(history: Record<string, unknown[]>): Record<string, number> {
  return Object.fromEntries(Object.entries(history).map(([k, v]) => [k, v.length]));
}

describe("making_new_layers_and_models_via_subclassing", () => {
  it("gives the Python guide's shapes, weight counts, losses and configs", async () => {
    const fromPython = await pythonFacts("making_new_layers_and_models_via_subclassing.py");
    const fromTs = await subclassing.main();
    for (const section of ["the_layer_class", "non_trainable_weights", "deferred_weight_creation", "recursively_composable"]) {
      expect(fromTs[section as keyof typeof fromTs], section).toEqual(fromPython[section]);
    }
    expect(fromTs.the_layer_class).toEqual({ y_shape: [2, 4], weights: 2 });
    expect(fromTs.non_trainable_weights).toMatchObject({ first: [2, 2], second: [4, 4], non_trainable: 1, trainable: 0 });
    expect(fromTs.recursively_composable).toEqual({ y_shape: [3, 1], weights: 6, trainable: 6 });

    const addLoss = fromTs.the_add_loss_method;
    expect(addLoss.counts).toEqual(fromPython.the_add_loss_method.counts);
    expect(addLoss.counts).toEqual([0, 1, 1]);
    expect(addLoss.regularization_losses).toBe(1);
    expect(addLoss.with_loss).toHaveLength(1);
    expect(addLoss.only_added_loss).toHaveLength(1);

    const { name: _tsName, ...tsConfig } = fromTs.serialization.config;
    const { name: _pyName, ...pyConfig } = fromPython.serialization.config;
    expect(tsConfig).toEqual(pyConfig); // units, trainable, dtype (the names count instances)
    expect(fromTs.serialization.config.units).toBe(64);
    expect(fromTs.serialization.new_units).toBe(64);

    expect(fromTs.end_to_end_example).toEqual(fromPython.end_to_end_example);
    expect(fromTs.end_to_end_example).toEqual({ original_dim: 784, epochs: 2, output_shape: [3, 784], kl_losses: 1 });
  });

  it("CustomDropout drops units only in training, in fit as in direct calls", async () => {
    const x = keras.ops.ones(tuple(4, 8));
    const layer = new subclassing.CustomDropout(0.5);
    const zeros = async (t: PyObject) => (await keras.ops.convert_to_numpy(keras.ops.sum(keras.ops.equal(t, 0))).item()) as number;
    expect(await zeros(layer(x))).toBe(0);
    expect(await zeros(layer(x, { training: false }))).toBe(0);
    expect(await zeros(layer(x, { training: true }))).toBeGreaterThan(0);

    // A fixed sum of the (dropped-out) inputs: exact at inference, off in training.
    const inputs = keras.Input({ shape: tuple(8) });
    const dropped = new subclassing.CustomDropout(0.5)(inputs);
    const outputs = keras.layers.Dense(1, { kernel_initializer: "ones", bias_initializer: "zeros" })(dropped);
    const model = keras.Model(inputs, outputs);
    model.compile({ optimizer: keras.optimizers.SGD({ learning_rate: float(0) }), loss: "mse" });
    const data = np.ones(tuple(64, 8));
    const target = np.full(tuple(64, 1), 8);
    const history = await model.fit(data, target, { epochs: 1, batch_size: 16, verbose: 0 });
    expect((await history.history).loss[0]).toBeGreaterThan(0);
    expect(await model.evaluate(data, target, { verbose: 0 })).toBe(0);
  });

  it("ActivityRegularizationLayer's add_loss is rate * mean(inputs), reset at each call", async () => {
    const layer = new subclassing.ActivityRegularizationLayer(0.5);
    layer(keras.ops.full(tuple(2, 3), 4));
    expect(await len(layer.losses)).toBe(1);
    expect(await keras.ops.convert_to_numpy(layer.losses[0]).item()).toBeCloseTo(2);
    layer(keras.ops.full(tuple(2, 3), 2));
    expect(await len(layer.losses)).toBe(1);
    expect(await keras.ops.convert_to_numpy(layer.losses[0]).item()).toBeCloseTo(1);
  });

  it("the VAE adds its KL loss on each call", async () => {
    const vae = new subclassing.VariationalAutoEncoder(20, 8, 4);
    const out = vae(np.random.random(tuple(5, 20)).astype("float32"));
    expect(await out.shape).toEqual([5, 20]);
    expect(await len(vae.losses)).toBe(1);
    expect(await vae.encoder.name).toBe("encoder");
    expect(await vae.name).toBe("autoencoder");
  });
});

describe("custom_train_step_in_torch", () => {
  it("trains with the custom train_step and test_step, metrics as in the Python guide", async () => {
    const fromPython = await pythonFacts("custom_train_step_in_torch.py");
    const fromTs = await trainStep.main();
    expect(historyShape(fromTs.a_first_simple_example)).toEqual(historyShape(fromPython.a_first_simple_example));
    expect(historyShape(fromTs.a_first_simple_example)).toEqual({ loss: 3, mae: 3 });
    expect(historyShape(fromTs.going_lower_level.history)).toEqual({ loss: 5, mae: 5 });
    // The metrics property lists the trackers, so fit resets them each epoch: 4 batches in the last one.
    expect(fromTs.going_lower_level.count).toBe(fromPython.going_lower_level.count);
    expect(fromTs.going_lower_level.count).toBe(4);
    expect(historyShape(fromTs.supporting_sample_weight)).toEqual(historyShape(fromPython.supporting_sample_weight));
    expect(Object.keys(fromTs.providing_your_own_evaluation_step).sort()).toEqual(["loss", "mae"]);
    expect(historyShape(fromTs.end_to_end_gan.history)).toEqual({ d_loss: 1, g_loss: 1 });
    expect(fromTs.end_to_end_gan.d_steps).toBe(fromPython.end_to_end_gan.d_steps);
    for (const v of Object.values(fromTs.a_first_simple_example).flat()) expect(Number.isFinite(v)).toBe(true);
  });

  it("the GAN's compile override and metrics property are Python's", async () => {
    const gan: PyObject = new trainStep.GAN(trainStep.buildDiscriminator(), trainStep.buildGenerator(), trainStep.latent_dim);
    gan.compile({
      d_optimizer: keras.optimizers.Adam({ learning_rate: 0.0003 }),
      g_optimizer: keras.optimizers.Adam({ learning_rate: 0.0003 }),
      loss_fn: keras.losses.BinaryCrossentropy({ from_logits: true }),
    });
    expect(await gan.d_optimizer.learning_rate.numpy().item()).toBeCloseTo(0.0003);
    expect(await gan.compiled).toBe(true); // super().compile() ran
    const names = await Promise.all(((await gan.metrics) as PyObject[]).map((m) => m.name));
    expect(names).toEqual(["d_loss", "g_loss"]);
  });
});
