// Keras' guide "Making new layers and models via subclassing" (making_new_layers_and_models_via_subclassing.py),
// ported line for line: each class is a pyClass() class whose methods run live, as Python runs them.
// Run: npx tsx examples/port-keras/making-new-layers-and-models-via-subclassing.ts
//
// Differences from the Python text that TypeScript forces:
// - operators are keras.ops calls: `ops.matmul(inputs, self.w) + self.b` is `ops.add(ops.matmul(inputs, this.w),
//   this.b)`, `self.rate * ops.mean(inputs)` is `ops.multiply(this.rate, ops.mean(inputs))`, and the KL loss and
//   Sampling's `z_mean + ops.exp(0.5 * z_log_var) * epsilon` are nests of them (a py.x`...` expression template
//   would keep them as written);
// - unpacking a tuple (`z_mean, z_log_var = inputs`) is indexing (`inputs[0]`, `inputs[1]`): a Python tuple is
//   a proxy, which JS destructuring cannot read without a round trip; returning one is `tuple(...)`;
// - `super().__init__(**kwargs)` is `super(kwargs)` with a trailing options parameter `kwargs = {}` (Python's
//   **kwargs), and `super().__init__(name=name, **kwargs)` is `super({ name, ...kwargs })`;
// - JS `new` takes no keyword arguments: `Encoder(latent_dim=latent_dim, intermediate_dim=intermediate_dim)` is
//   `new Encoder(latent_dim, intermediate_dim)` (Python code that makes one, `from_config`, uses keywords);
// - `print(x)` of a Python object is `console.log(await str(x))`, `len(x)` is `await len(x)`, `assert a == b`
//   on Python objects is `assert.ok(await operator.eq(a, b))`;
// - the guide redefines `Linear` at top level; a module cannot, so the first and the serialization versions
//   live inside their sections' functions, as in the Python file, which wraps each section in a function too;
// - `x_train[:3]` is `item(x_train, slice(null, 3))`.
import assert from "node:assert";
import { pathToFileURL } from "node:url";
import { item, len, py, pyClass, slice, str, tuple, type PyObject } from "tsreticulate";

process.env.KERAS_BACKEND = "torch";
const keras = py.import("keras", { convert: false });
const np = py.import("numpy", { convert: false });
const operator = py.import("operator", { convert: false });
const layers = keras.layers;
const ops = keras.ops;

// ## The `Layer` class: the combination of state (weights) and some computation
export async function theLayerClass() {
  class Linear extends pyClass(keras.layers.Layer) {
    constructor(units = 32, input_dim = 32) {
      super();
      this.w = this.add_weight({
        shape: tuple(input_dim, units),
        initializer: "random_normal",
        trainable: true,
      });
      this.b = this.add_weight({ shape: tuple(units), initializer: "zeros", trainable: true });
    }

    override call(inputs: PyObject) {
      return ops.add(ops.matmul(inputs, this.w), this.b);
    }
  }

  const x = ops.ones(tuple(2, 2));
  const linear_layer = new Linear(4, 2);
  const y = linear_layer(x);
  console.log(await str(y));

  assert.ok(await operator.eq(linear_layer.weights, [linear_layer.w, linear_layer.b]));
  return { y_shape: await y.shape, weights: await len(linear_layer.weights) };
}

// ## Layers can have non-trainable weights
export async function nonTrainableWeights() {
  class ComputeSum extends pyClass(keras.layers.Layer) {
    constructor(input_dim: number) {
      super();
      this.total = this.add_weight({
        initializer: "zeros", shape: tuple(input_dim), trainable: false,
      });
    }

    override call(inputs: PyObject) {
      this.total.assign_add(ops.sum(inputs, { axis: 0 }));
      return this.total;
    }
  }

  const x = ops.ones(tuple(2, 2));
  const my_sum = new ComputeSum(2);
  let y = my_sum(x);
  console.log(await str(y.numpy()));
  const first = await y.numpy().tolist();
  y = my_sum(x);
  console.log(await str(y.numpy()));
  const second = await y.numpy().tolist();

  console.log("weights:", await len(my_sum.weights));
  console.log("non-trainable weights:", await len(my_sum.non_trainable_weights));

  // It's not included in the trainable weights:
  console.log("trainable_weights:", await str(my_sum.trainable_weights));
  return {
    first,
    second,
    weights: await len(my_sum.weights),
    non_trainable: await len(my_sum.non_trainable_weights),
    trainable: await len(my_sum.trainable_weights),
  };
}

// ## Best practice: deferring weight creation until the shape of the inputs is known
export class Linear extends pyClass(keras.layers.Layer) {
  constructor(units = 32) {
    super();
    this.units = units;
  }

  build(input_shape: PyObject) {
    this.w = this.add_weight({
      shape: tuple(input_shape[-1], this.units),
      initializer: "random_normal",
      trainable: true,
    });
    this.b = this.add_weight({
      shape: tuple(this.units), initializer: "random_normal", trainable: true,
    });
  }

  override call(inputs: PyObject) {
    return ops.add(ops.matmul(inputs, this.w), this.b);
  }
}

export async function deferredWeightCreation() {
  const x = ops.ones(tuple(2, 2));
  // At instantiation, we don't know on what inputs this is going to get called
  const linear_layer = new Linear(32);

  // The layer's weights are created dynamically the first time the layer is called
  const y = linear_layer(x);
  return { y_shape: await y.shape, w_shape: await linear_layer.w.shape };
}

// ## Layers are recursively composable
export class MLPBlock extends pyClass(keras.layers.Layer) {
  constructor() {
    super();
    this.linear_1 = new Linear(32);
    this.linear_2 = new Linear(32);
    this.linear_3 = new Linear(1);
  }

  override call(inputs: PyObject) {
    let x = this.linear_1(inputs);
    x = keras.activations.relu(x);
    x = this.linear_2(x);
    x = keras.activations.relu(x);
    return this.linear_3(x);
  }
}

export async function recursivelyComposable() {
  const mlp = new MLPBlock();
  const y = mlp(ops.ones({ shape: tuple(3, 64) })); // The first call to the `mlp` will create the weights
  console.log("weights:", await len(mlp.weights));
  console.log("trainable weights:", await len(mlp.trainable_weights));
  return { y_shape: await y.shape, weights: await len(mlp.weights), trainable: await len(mlp.trainable_weights) };
}

// ## The `add_loss()` method
// A layer that creates an activity regularization loss
export class ActivityRegularizationLayer extends pyClass(keras.layers.Layer) {
  constructor(rate = 1e-2) {
    super();
    this.rate = rate;
  }

  override call(inputs: PyObject) {
    this.add_loss(ops.multiply(this.rate, ops.mean(inputs)));
    return inputs;
  }
}

export class OuterLayer extends pyClass(keras.layers.Layer) {
  constructor() {
    super();
    this.activity_reg = new ActivityRegularizationLayer(1e-2);
  }

  override call(inputs: PyObject) {
    return this.activity_reg(inputs);
  }
}

export class OuterLayerWithKernelRegularizer extends pyClass(keras.layers.Layer) {
  constructor() {
    super();
    this.dense = keras.layers.Dense(
      32, { kernel_regularizer: keras.regularizers.l2(1e-3) },
    );
  }

  override call(inputs: PyObject) {
    return this.dense(inputs);
  }
}

export async function theAddLossMethod() {
  let layer = new OuterLayer();
  assert.ok((await len(layer.losses)) === 0); // No losses yet since the layer has never been called
  const counts = [await len(layer.losses)];

  let _ = layer(ops.zeros(tuple(1, 1)));
  assert.ok((await len(layer.losses)) === 1); // We created one loss value
  counts.push(await len(layer.losses));

  // `layer.losses` gets reset at the start of each __call__
  _ = layer(ops.zeros(tuple(1, 1)));
  assert.ok((await len(layer.losses)) === 1); // This is the loss created during the call above
  counts.push(await len(layer.losses));

  layer = new OuterLayerWithKernelRegularizer();
  _ = layer(ops.zeros(tuple(1, 1)));

  // This is `1e-3 * sum(layer.dense.kernel ** 2)`,
  // created by the `kernel_regularizer` above.
  console.log(await str(layer.losses));
  const regularization = await len(layer.losses);

  const inputs = keras.Input({ shape: tuple(3) });
  const outputs = new ActivityRegularizationLayer()(inputs);
  const model = keras.Model(inputs, outputs);

  // If there is a loss passed in `compile`, the regularization
  // losses get added to it
  model.compile({ optimizer: "adam", loss: "mse" });
  const with_loss = await model.fit(np.random.random(tuple(2, 3)), np.random.random(tuple(2, 3)));

  // It's also possible not to pass any loss in `compile`,
  // since the model already has a loss to minimize, via the `add_loss`
  // call during the forward pass!
  model.compile({ optimizer: "adam" });
  const only_added = await model.fit(np.random.random(tuple(2, 3)), np.random.random(tuple(2, 3)));
  return {
    counts,
    regularization_losses: regularization,
    with_loss: (await with_loss.history).loss as number[],
    only_added_loss: (await only_added.history).loss as number[],
  };
}

// ## You can optionally enable serialization on your layers
export async function serialization() {
  class Linear extends pyClass(keras.layers.Layer) {
    constructor(units = 32, kwargs = {}) {
      super(kwargs);
      this.units = units;
    }

    build(input_shape: PyObject) {
      this.w = this.add_weight({
        shape: tuple(input_shape[-1], this.units),
        initializer: "random_normal",
        trainable: true,
      });
      this.b = this.add_weight({
        shape: tuple(this.units), initializer: "random_normal", trainable: true,
      });
    }

    override call(inputs: PyObject) {
      return ops.add(ops.matmul(inputs, this.w), this.b);
    }

    get_config() {
      const config = super.get_config();
      config.update({ units: this.units });
      return config;
    }
  }

  const layer = new Linear(64);
  const config = layer.get_config();
  console.log(await str(config));
  const new_layer = Linear.from_config(config);
  return { config: (await config) as Record<string, unknown>, new_units: (await new_layer.units) as number };
}

// ## Privileged `training` argument in the `call()` method
export class CustomDropout extends pyClass(keras.layers.Layer) {
  constructor(rate: number, kwargs = {}) {
    super(kwargs);
    this.rate = rate;
    this.seed_generator = keras.random.SeedGenerator(1337);
  }

  override call(inputs: PyObject, training: boolean | null = null) {
    if (training) {
      return keras.random.dropout(
        inputs, { rate: this.rate, seed: this.seed_generator },
      );
    }
    return inputs;
  }
}

// ## Putting it all together: an end-to-end example
/** Uses (z_mean, z_log_var) to sample z, the vector encoding a digit. */
export class Sampling extends pyClass(layers.Layer) {
  constructor(kwargs = {}) {
    super(kwargs);
    this.seed_generator = keras.random.SeedGenerator(1337);
  }

  override call(inputs: PyObject) {
    const z_mean = inputs[0];
    const z_log_var = inputs[1];
    const batch = ops.shape(z_mean)[0];
    const dim = ops.shape(z_mean)[1];
    const epsilon = keras.random.normal({ shape: tuple(batch, dim), seed: this.seed_generator });
    return ops.add(z_mean, ops.multiply(ops.exp(ops.multiply(0.5, z_log_var)), epsilon));
  }
}

/** Maps MNIST digits to a triplet (z_mean, z_log_var, z). */
export class Encoder extends pyClass(layers.Layer) {
  constructor(latent_dim = 32, intermediate_dim = 64, name = "encoder", kwargs = {}) {
    super({ name, ...kwargs });
    this.dense_proj = layers.Dense(intermediate_dim, { activation: "relu" });
    this.dense_mean = layers.Dense(latent_dim);
    this.dense_log_var = layers.Dense(latent_dim);
    this.sampling = new Sampling();
  }

  override call(inputs: PyObject) {
    const x = this.dense_proj(inputs);
    const z_mean = this.dense_mean(x);
    const z_log_var = this.dense_log_var(x);
    const z = this.sampling(tuple(z_mean, z_log_var));
    return tuple(z_mean, z_log_var, z);
  }
}

/** Converts z, the encoded digit vector, back into a readable digit. */
export class Decoder extends pyClass(layers.Layer) {
  constructor(original_dim: number, intermediate_dim = 64, name = "decoder", kwargs = {}) {
    super({ name, ...kwargs });
    this.dense_proj = layers.Dense(intermediate_dim, { activation: "relu" });
    this.dense_output = layers.Dense(original_dim, { activation: "sigmoid" });
  }

  override call(inputs: PyObject) {
    const x = this.dense_proj(inputs);
    return this.dense_output(x);
  }
}

/** Combines the encoder and decoder into an end-to-end model for training. */
export class VariationalAutoEncoder extends pyClass(keras.Model) {
  constructor(
    original_dim: number,
    intermediate_dim = 64,
    latent_dim = 32,
    name = "autoencoder",
    kwargs = {},
  ) {
    super({ name, ...kwargs });
    this.original_dim = original_dim;
    this.encoder = new Encoder(latent_dim, intermediate_dim);
    this.decoder = new Decoder(original_dim, intermediate_dim);
  }

  override call(inputs: PyObject) {
    const encoded = this.encoder(inputs);
    const z_mean = encoded[0];
    const z_log_var = encoded[1];
    const z = encoded[2];
    const reconstructed = this.decoder(z);
    // Add KL divergence regularization loss.
    const kl_loss = ops.multiply(-0.5, ops.mean(
      ops.add(ops.subtract(ops.subtract(z_log_var, ops.square(z_mean)), ops.exp(z_log_var)), 1),
    ));
    this.add_loss(kl_loss);
    return reconstructed;
  }
}

export async function endToEndExample() {
  // In place of keras.datasets.mnist.load_data(): 256 random "digits", 4 batches of 64.
  const x_train = np.random.random(tuple(256, 784)).astype("float32");

  const original_dim = 784;
  const vae = new VariationalAutoEncoder(784, 64, 32);

  const optimizer = keras.optimizers.Adam({ learning_rate: 1e-3 });
  vae.compile(optimizer, { loss: keras.losses.MeanSquaredError() });

  const history = await vae.fit(x_train, x_train, { epochs: 2, batch_size: 64 });
  return {
    original_dim,
    epochs: ((await history.history).loss as number[]).length,
    output_shape: await vae.predict(item(x_train, slice(null, 3)), { verbose: 0 }).shape,
    kl_losses: await len(vae.losses),
  };
}

export async function main() {
  return {
    the_layer_class: await theLayerClass(),
    non_trainable_weights: await nonTrainableWeights(),
    deferred_weight_creation: await deferredWeightCreation(),
    recursively_composable: await recursivelyComposable(),
    the_add_loss_method: await theAddLossMethod(),
    serialization: await serialization(),
    end_to_end_example: await endToEndExample(),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await main());
  await py.shutdown();
}
