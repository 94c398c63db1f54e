// Keras 3 guide "The Sequential model" (sequential_model.py beside this file: keras-io guides/sequential_model.py,
// by fchollet), ported line for line; each section is a function that returns what the test compares (see the .py
// for the changes made to both files). Run: npx tsx examples/port-keras/sequential-model.ts
//
// Differences from the Python text that TypeScript forced:
// - Keyword arguments are a trailing object, tuples `tuple(...)`; `print(len(model.layers))` is
//   `console.log(await len(model.layers))`.
// - `[layer.output for layer in initial_model.layers]` is a py.x comprehension; `features[-1]` is `features[-1]`
//   (a negative index on a proxy is Python's).
import { pathToFileURL } from "node:url";
import { len, py, tuple, type PyObject } from "tsreticulate";

process.env.KERAS_BACKEND = "torch";

const keras = py.import("keras", { convert: false });
const layers = keras.layers;
const ops = keras.ops;

export const SEED = 1337;

function shapes(tensors: PyObject) {
  return py.x`[list(t.shape) for t in ${tensors}]`;
}

// ## When to use a Sequential model
export async function when_to_use_a_sequential_model() {
  keras.utils.set_random_seed(SEED);
  // Define Sequential model with 3 layers
  const model = keras.Sequential([
    layers.Dense(2, { activation: "relu", name: "layer1" }),
    layers.Dense(3, { activation: "relu", name: "layer2" }),
    layers.Dense(4, { name: "layer3" }),
  ]);
  // Call model on a test input
  let x = ops.ones(tuple(3, 3));
  const y = model(x);

  keras.utils.set_random_seed(SEED);
  // Create 3 layers
  const layer1 = layers.Dense(2, { activation: "relu", name: "layer1" });
  const layer2 = layers.Dense(3, { activation: "relu", name: "layer2" });
  const layer3 = layers.Dense(4, { name: "layer3" });

  // Call layers on a test input
  x = ops.ones(tuple(3, 3));
  const y2 = layer3(layer2(layer1(x)));
  return { model: await ops.convert_to_numpy(y).tolist(), function: await ops.convert_to_numpy(y2).tolist() };
}

// ## Creating a Sequential model
export async function creating_a_sequential_model() {
  let model = keras.Sequential([
    layers.Dense(2, { activation: "relu" }),
    layers.Dense(3, { activation: "relu" }),
    layers.Dense(4),
  ]);

  // Its layers are accessible via the `layers` attribute:
  const listed = await py.x`[type(layer).__name__ for layer in ${model}.layers]`;

  model = keras.Sequential();
  model.add(layers.Dense(2, { activation: "relu" }));
  model.add(layers.Dense(3, { activation: "relu" }));
  model.add(layers.Dense(4));

  model.pop();
  console.log(await len(model.layers)); // 2
  const after_pop = await len(model.layers);

  model = keras.Sequential({ name: "my_sequential" });
  model.add(layers.Dense(2, { activation: "relu", name: "layer1" }));
  model.add(layers.Dense(3, { activation: "relu", name: "layer2" }));
  model.add(layers.Dense(4, { name: "layer3" }));
  return { listed, after_pop, name: await model.name, names: await py.x`[layer.name for layer in ${model}.layers]` };
}

// ## Specifying the input shape in advance
export async function specifying_the_input_shape_in_advance() {
  keras.utils.set_random_seed(SEED);
  const layer = layers.Dense(3);
  const before = await len(layer.weights); // Empty

  // Call layer on a test input
  let x = ops.ones(tuple(1, 4));
  let y = layer(x);
  const after = await shapes(layer.weights); // Now it has weights, of shape (4, 3) and (3,)

  let model = keras.Sequential([
    layers.Dense(2, { activation: "relu" }),
    layers.Dense(3, { activation: "relu" }),
    layers.Dense(4),
  ]); // No weights at this stage!

  // Call the model on a test input
  x = ops.ones(tuple(1, 4));
  y = model(x);
  console.log("Number of weights after calling the model:", await len(model.weights)); // 6
  const weights = await len(model.weights);

  await model.summary();

  model = keras.Sequential();
  model.add(keras.Input({ shape: tuple(4) }));
  model.add(layers.Dense(2, { activation: "relu" }));

  await model.summary();

  // model.layers: the Input object is not displayed, since it isn't a layer
  return {
    before,
    after,
    weights,
    layers: await py.x`[type(layer).__name__ for layer in ${model}.layers]`,
    output: await ops.convert_to_numpy(y).tolist(),
  };
}

// ## A common debugging workflow: `add()` + `summary()`
export async function add_and_summary() {
  const model = keras.Sequential();
  model.add(keras.Input({ shape: tuple(250, 250, 3) })); // 250x250 RGB images
  model.add(layers.Conv2D(32, 5, { strides: 2, activation: "relu" }));
  model.add(layers.Conv2D(32, 3, { activation: "relu" }));
  model.add(layers.MaxPooling2D(3));

  // Can you guess what the current output shape is at this point? Probably not.
  // Let's just print it:
  await model.summary();
  const first = await model.output_shape;

  // The answer was: (40, 40, 32), so we can keep downsampling...

  model.add(layers.Conv2D(32, 3, { activation: "relu" }));
  model.add(layers.Conv2D(32, 3, { activation: "relu" }));
  model.add(layers.MaxPooling2D(3));
  model.add(layers.Conv2D(32, 3, { activation: "relu" }));
  model.add(layers.Conv2D(32, 3, { activation: "relu" }));
  model.add(layers.MaxPooling2D(2));

  // And now?
  await model.summary();
  const second = await model.output_shape;

  // Now that we have 4x4 feature maps, time to apply global max pooling.
  model.add(layers.GlobalMaxPooling2D());

  // Finally, we add a classification layer.
  model.add(layers.Dense(10));
  return { first, second, final: await model.output_shape, params: await model.count_params() };
}

// ## Feature extraction with a Sequential model
export async function feature_extraction() {
  keras.utils.set_random_seed(SEED);
  let initial_model = keras.Sequential([
    keras.Input({ shape: tuple(250, 250, 3) }),
    layers.Conv2D(32, 5, { strides: 2, activation: "relu" }),
    layers.Conv2D(32, 3, { activation: "relu" }),
    layers.Conv2D(32, 3, { activation: "relu" }),
  ]);
  let feature_extractor = keras.Model({
    inputs: initial_model.inputs,
    outputs: py.x`[layer.output for layer in ${initial_model}.layers]`,
  });

  // Call feature extractor on test input.
  let x = ops.ones(tuple(1, 250, 250, 3));
  let features = feature_extractor(x);
  const all_layers = await shapes(features);
  const total = await py.builtins.float(ops.convert_to_numpy(ops.sum(features[-1])));

  initial_model = keras.Sequential([
    keras.Input({ shape: tuple(250, 250, 3) }),
    layers.Conv2D(32, 5, { strides: 2, activation: "relu" }),
    layers.Conv2D(32, 3, { activation: "relu", name: "my_intermediate_layer" }),
    layers.Conv2D(32, 3, { activation: "relu" }),
  ]);
  feature_extractor = keras.Model({
    inputs: initial_model.inputs,
    outputs: initial_model.get_layer({ name: "my_intermediate_layer" }).output,
  });
  // Call feature extractor on test input.
  x = ops.ones(tuple(1, 250, 250, 3));
  features = feature_extractor(x);
  return { all_layers, total, one_layer: await features.shape };
}

export async function main() {
  return {
    when_to_use_a_sequential_model: await when_to_use_a_sequential_model(),
    creating_a_sequential_model: await creating_a_sequential_model(),
    specifying_the_input_shape_in_advance: await specifying_the_input_shape_in_advance(),
    add_and_summary: await add_and_summary(),
    feature_extraction: await feature_extraction(),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    console.dir(await main(), { depth: null });
  } finally {
    await py.shutdown();
  }
}
