// Keras 3 guide "Understanding masking & padding" (understanding_masking_and_padding.py beside this file: keras-io
// guides/understanding_masking_and_padding.py, by Scott Zhu and Francois Chollet), ported line for line; each
// section is a function that returns what the test compares (see the .py for the changes made to both files).
// Run: npx tsx examples/port-keras/understanding-masking-and-padding.ts
//
// Differences from the Python text that TypeScript forced:
// - `print(x)` is `console.log(await x)`: a tensor awaited is a settled handle whose console.log shows its repr.
// - `first_half, second_half = TemporalSplit()(...)` indexes the returned list: `halves[0]`, `halves[1]`.
// - `if not self.mask_zero` awaits the attribute (a proxy is always truthy), so CustomEmbedding.compute_mask is
//   `async`; `if mask is None` needs no await (None arrives as `null`).
// - The CustomEmbedding instance is typed `PyObject`: called from TypeScript, `layer.compute_mask(x)` is the Python
//   method (a proxy at once), not the async JS method's Promise that the class' own type would give.
// - `assert mask is not None` is a thrown Error; operators are py.x templates (`ops.exp(inputs) * mask`, ...);
//   `layer(x)[:2]` and `y[0, :2]` are py.x slices.
import { pathToFileURL } from "node:url";
import { py, pyClass, tuple, type PyObject } from "tsreticulate";

process.env.KERAS_BACKEND = "torch";

const np = py.import("numpy", { convert: false });
const keras = py.import("keras", { convert: false });
const ops = keras.ops;
const layers = keras.layers;

export const SEED = 1337;

function tolist(x: PyObject) {
  return ops.convert_to_numpy(x).tolist();
}

// ## Padding sequence data
export async function padding_sequence_data() {
  const raw_inputs = [
    [711, 632, 71],
    [73, 8, 3215, 55, 927],
    [83, 91, 1, 645, 1253, 927],
  ];

  // By default, this will pad using 0s; it is configurable via the
  // "value" parameter.
  // Note that you could use "pre" padding (at the beginning) or
  // "post" padding (at the end).
  // We recommend using "post" padding when working with RNN layers
  // (in order to be able to use the
  // CuDNN implementation of the layers).
  const padded_inputs = keras.utils.pad_sequences(raw_inputs, { padding: "post" });
  console.log(await padded_inputs);
  return { padded_inputs }; // in an object: an async function's return value that is a proxy would be awaited
}

// ## Mask-generating layers: `Embedding` and `Masking`
export async function mask_generating_layers(padded_inputs: PyObject) {
  keras.utils.set_random_seed(SEED);
  const embedding = layers.Embedding({ input_dim: 5000, output_dim: 16, mask_zero: true });
  const masked_output = embedding(padded_inputs);

  console.log(await masked_output._keras_mask);

  const masking_layer = layers.Masking();
  // Simulate the embedding lookup by expanding the 2D input to 3D,
  // with embedding dimension of 10.
  const unmasked_embedding = ops.cast(ops.tile(ops.expand_dims(padded_inputs, { axis: -1 }), [1, 1, 10]), {
    dtype: "float32",
  });

  const masked_embedding = masking_layer(unmasked_embedding);
  console.log(await masked_embedding._keras_mask);
  return [
    masked_embedding,
    {
      embedding_mask: await tolist(masked_output._keras_mask),
      masking_mask: await tolist(masked_embedding._keras_mask),
    },
  ] as const;
}

// ## Mask propagation in the Functional API and Sequential API
export async function mask_propagation() {
  keras.utils.set_random_seed(SEED);
  let model: PyObject = keras.Sequential([
    layers.Embedding({ input_dim: 5000, output_dim: 16, mask_zero: true }),
    layers.LSTM(32),
  ]);

  const inputs = keras.Input({ shape: tuple(null), dtype: "int32" });
  const x = layers.Embedding({ input_dim: 5000, output_dim: 16, mask_zero: true })(inputs);
  const outputs = layers.LSTM(32)(x);

  model = keras.Model(inputs, outputs);
  const data = np.array([
    [5, 6, 0, 0],
    [5, 6, 7, 8],
  ]);
  return await tolist(model(data));
}

// ## Passing mask tensors directly to layers
export class MyLayer extends pyClass(layers.Layer) {
  constructor(kwargs = {}) {
    super(kwargs);
    this.embedding = layers.Embedding({ input_dim: 5000, output_dim: 16, mask_zero: true });
    this.lstm = layers.LSTM(32);
  }

  override call(inputs: PyObject) {
    const x = this.embedding(inputs);
    // Note that you could also prepare a `mask` tensor manually.
    // It only needs to be a boolean tensor
    // with the right shape, i.e. (batch_size, timesteps).
    const mask = this.embedding.compute_mask(inputs);
    const output = this.lstm(x, { mask: mask }); // The layer will ignore the masked values
    return output;
  }
}

export async function passing_mask_tensors_directly() {
  keras.utils.set_random_seed(SEED);
  const layer = new MyLayer();
  let x = py.x`${np.random.random(tuple(32, 10))} * 100`;
  x = x.astype("int32");
  return await tolist(py.x`${layer(x)}[:2]`);
}

// ## Supporting masking in your custom layers
/** Split the input tensor into 2 tensors along the time dimension. */
export class TemporalSplit extends pyClass(keras.layers.Layer) {
  override call(inputs: PyObject) {
    // Expect the input to be 3D and mask to be 2D, split the input tensor into 2
    // subtensors along the time axis (axis 1).
    return ops.split(inputs, 2, { axis: 1 });
  }

  compute_mask(inputs: PyObject, mask: PyObject | null = null) {
    // Also split the mask into 2 if it presents.
    if (mask === null) {
      return null;
    }
    return ops.split(mask, 2, { axis: 1 });
  }
}

export class CustomEmbedding extends pyClass(keras.layers.Layer) {
  constructor(input_dim: number, output_dim: number, mask_zero = false, kwargs = {}) {
    super(kwargs);
    this.input_dim = input_dim;
    this.output_dim = output_dim;
    this.mask_zero = mask_zero;
  }

  build(input_shape: PyObject) {
    this.embeddings = this.add_weight({
      shape: tuple(this.input_dim, this.output_dim),
      initializer: "random_normal",
      dtype: "float32",
    });
  }

  override call(inputs: PyObject) {
    inputs = ops.cast(inputs, "int32");
    return ops.take(this.embeddings, inputs);
  }

  async compute_mask(inputs: PyObject, mask: PyObject | null = null) {
    if (!(await this.mask_zero)) {
      return null;
    }
    return ops.not_equal(inputs, 0);
  }
}

export async function supporting_masking_in_custom_layers(masked_embedding: PyObject) {
  keras.utils.set_random_seed(SEED);
  const halves = new TemporalSplit()(masked_embedding);
  const first_half = halves[0];
  const second_half = halves[1];
  console.log(await first_half._keras_mask);
  console.log(await second_half._keras_mask);

  const layer: PyObject = new CustomEmbedding(10, 32, true); // its Python methods: compute_mask gives a proxy
  let x = py.x`${np.random.random(tuple(3, 10))} * 9`;
  x = x.astype("int32");

  const y = layer(x);
  const mask = layer.compute_mask(x);

  console.log(await mask);
  return {
    first_half: await tolist(first_half._keras_mask),
    second_half: await tolist(second_half._keras_mask),
    y: await tolist(py.x`${y}[0, :2]`),
    y_mask: await tolist(y._keras_mask),
    mask: await tolist(mask),
  };
}

// ## Opting-in to mask propagation on compatible layers
export class MyActivation extends pyClass(keras.layers.Layer) {
  constructor(kwargs = {}) {
    super(kwargs);
    // Signal that the layer is safe for mask propagation
    this.supports_masking = true;
  }

  override call(inputs: PyObject) {
    return ops.relu(inputs);
  }
}

export async function opting_in_to_mask_propagation() {
  keras.utils.set_random_seed(SEED);
  const inputs = keras.Input({ shape: tuple(null), dtype: "int32" });
  let x = layers.Embedding({ input_dim: 5000, output_dim: 16, mask_zero: true })(inputs);
  x = new MyActivation()(x); // Will pass the mask along
  console.log("Mask found:", await x._keras_mask);
  const outputs = layers.LSTM(32)(x); // Will receive the mask

  const model = keras.Model(inputs, outputs);
  const y = model(np.random.randint(0, 5000, { size: tuple(32, 100) }));
  return { mask_found: await x._keras_mask.shape, y: await tolist(py.x`${y}[:2]`) };
}

// ## Writing layers that need mask information
export class TemporalSoftmax extends pyClass(keras.layers.Layer) {
  constructor(kwargs = {}) {
    super(kwargs);
    this.supports_masking = true;
  }

  override call(inputs: PyObject, mask: PyObject | null = null) {
    if (mask === null) throw new Error("assert mask is not None");
    const broadcast_float_mask = ops.expand_dims(ops.cast(mask, "float32"), -1);
    const inputs_exp = py.x`${ops.exp(inputs)} * ${broadcast_float_mask}`;
    const inputs_sum = ops.sum(py.x`${inputs_exp} * ${broadcast_float_mask}`, { axis: -1, keepdims: true });
    return py.x`${inputs_exp} / ${inputs_sum}`;
  }
}

export async function writing_layers_that_need_mask_information() {
  keras.utils.set_random_seed(SEED);
  const inputs = keras.Input({ shape: tuple(null), dtype: "int32" });
  let x = layers.Embedding({ input_dim: 10, output_dim: 32, mask_zero: true })(inputs);
  x = layers.Dense(1)(x);
  const outputs = new TemporalSoftmax()(x);

  const model = keras.Model(inputs, outputs);
  const y = model(np.random.randint(0, 10, { size: tuple(32, 100) }));
  return { shape: await y.shape, y: await tolist(py.x`${y}[0, :5]`) };
}

export async function main() {
  const { padded_inputs } = await padding_sequence_data();
  const [masked_embedding, masks] = await mask_generating_layers(padded_inputs);
  return {
    padding_sequence_data: await padded_inputs.tolist(),
    mask_generating_layers: masks,
    mask_propagation: await mask_propagation(),
    passing_mask_tensors_directly: await passing_mask_tensors_directly(),
    supporting_masking_in_custom_layers: await supporting_masking_in_custom_layers(masked_embedding),
    opting_in_to_mask_propagation: await opting_in_to_mask_propagation(),
    writing_layers_that_need_mask_information: await writing_layers_that_need_mask_information(),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    console.dir(await main(), { depth: null });
  } finally {
    await py.shutdown();
  }
}
