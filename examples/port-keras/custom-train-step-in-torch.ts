// Keras' guide "Customizing what happens in `fit()` with PyTorch" (custom_train_step_in_torch.py), ported line
// for line: `train_step` and `test_step` are live pyClass methods, so `fit` calls TypeScript once per batch.
// Run: npx tsx examples/port-keras/custom-train-step-in-torch.ts
//
// Differences from the Python text that TypeScript forces:
// - a method that reads Python lists in JS (`[v for v in self.trainable_weights]`, `for metric in
//   self.metrics`) is `async` and awaits them: `(await this.trainable_weights).map((v) => v.value.grad)`;
//   the dict comprehension `{m.name: m.result() for m in self.metrics}` is `Object.fromEntries(...)` over them;
// - unpacking (`x, y = data`) is indexing (`data[0]`, `data[1]`): `data` is a Python tuple's proxy;
// - `with torch.no_grad(): ...` is `await withPy(torch.no_grad(), () => ...)`;
// - `if metric.name == "loss"` and `if len(data) == 3` await the Python value: `(await metric.name) === "loss"`;
//   `"cuda" if torch.cuda.is_available() else "cpu"` is `(await torch.cuda.is_available()) ? "cuda" : "cpu"`;
// - `labels += 0.05 * keras.random.uniform(...)` is `labels = ops.add(labels, ops.multiply(0.05, ...))` (py.x`...`
//   would keep the operators);
// - `@property def metrics(self)` is a getter, `get metrics()`, which pyClass makes a Python property;
// - JS `new` takes no keyword arguments: `GAN(discriminator=..., generator=..., latent_dim=...)` is
//   `new GAN(discriminator, generator, latent_dim)`; the instance is typed `PyObject` where it is called with
//   keywords (`gan.compile({ d_optimizer, ... })`), as the TS method's own type has positional parameters;
// - `isinstance(real_images, (tuple, list))` is `py.builtins.isinstance(real_images, tuple(builtins.tuple,
//   builtins.list))` (the guide tests `tuple`; Keras 3.15 hands a DataLoader batch over as a list, see the .py).
import { pathToFileURL } from "node:url";
import { len, py, pyClass, tuple, withPy, type PyObject } from "tsreticulate";

// This guide can only be run with the torch backend.
process.env.KERAS_BACKEND = "torch";

const torch = py.import("torch", { convert: false });
const keras = py.import("keras", { convert: false });
const layers = keras.layers;
const np = py.import("numpy", { convert: false });
const ops = keras.ops;
const builtins = py.builtins;

const ROWS = 128; // the guide's 1000

// ## A first simple example
export async function aFirstSimpleExample() {
  class CustomModel extends pyClass(keras.Model) {
    async train_step(data: PyObject) {
      // Unpack the data. Its structure depends on your model and
      // on what you pass to `fit()`.
      const x = data[0];
      const y = data[1];

      // Call torch.nn.Module.zero_grad() to clear the leftover gradients
      // for the weights from the previous train step.
      this.zero_grad();

      // Compute loss
      const y_pred = this(x, { training: true }); // Forward pass
      const loss = this.compute_loss({ y, y_pred });

      // Call torch.Tensor.backward() on the loss to compute gradients
      // for the weights.
      loss.backward();

      const trainable_weights = (await this.trainable_weights) as PyObject[];
      const gradients = trainable_weights.map((v) => v.value.grad);

      // Update weights
      await withPy(torch.no_grad(), () => {
        this.optimizer.apply(gradients, trainable_weights);
      });

      // Update metrics (includes the metric that tracks the loss)
      for (const metric of (await this.metrics) as PyObject[]) {
        if ((await metric.name) === "loss") {
          metric.update_state(loss);
        } else {
          metric.update_state(y, y_pred);
        }
      }

      // Return a dict mapping metric names to current value
      // Note that it will include the loss (tracked in self.metrics).
      const metrics = (await this.metrics) as PyObject[];
      return Object.fromEntries(await Promise.all(metrics.map(async (m) => [await m.name, m.result()])));
    }
  }

  // Construct and compile an instance of CustomModel
  const inputs = keras.Input({ shape: tuple(32) });
  const outputs = keras.layers.Dense(1)(inputs);
  const model = new CustomModel(inputs, outputs);
  model.compile({ optimizer: "adam", loss: "mse", metrics: ["mae"] });

  // Just use `fit` as usual
  const x = np.random.random(tuple(ROWS, 32));
  const y = np.random.random(tuple(ROWS, 1));
  const history = await model.fit(x, y, { epochs: 3 });
  return (await history.history) as Record<string, number[]>;
}

// ## Going lower-level
export async function goingLowerLevel() {
  class CustomModel extends pyClass(keras.Model) {
    constructor(...args: unknown[]) {
      super(...args);
      this.loss_tracker = keras.metrics.Mean({ name: "loss" });
      this.mae_metric = keras.metrics.MeanAbsoluteError({ name: "mae" });
      this.loss_fn = keras.losses.MeanSquaredError();
    }

    async train_step(data: PyObject) {
      const x = data[0];
      const y = data[1];

      // Call torch.nn.Module.zero_grad() to clear the leftover gradients
      // for the weights from the previous train step.
      this.zero_grad();

      // Compute loss
      const y_pred = this(x, { training: true }); // Forward pass
      const loss = this.loss_fn(y, y_pred);

      // Call torch.Tensor.backward() on the loss to compute gradients
      // for the weights.
      loss.backward();

      const trainable_weights = (await this.trainable_weights) as PyObject[];
      const gradients = trainable_weights.map((v) => v.value.grad);

      // Update weights
      await withPy(torch.no_grad(), () => {
        this.optimizer.apply(gradients, trainable_weights);
      });

      // Compute our own metrics
      this.loss_tracker.update_state(loss);
      this.mae_metric.update_state(y, y_pred);
      return {
        loss: this.loss_tracker.result(),
        mae: this.mae_metric.result(),
      };
    }

    get metrics() {
      // We list our `Metric` objects here so that `reset_states()` can be
      // called automatically at the start of each epoch
      // or at the start of `evaluate()`.
      return [this.loss_tracker, this.mae_metric];
    }
  }

  // Construct an instance of CustomModel
  const inputs = keras.Input({ shape: tuple(32) });
  const outputs = keras.layers.Dense(1)(inputs);
  const model = new CustomModel(inputs, outputs);

  // We don't pass a loss or metrics here.
  model.compile({ optimizer: "adam" });

  // Just use `fit` as usual -- you can use callbacks, etc.
  const x = np.random.random(tuple(ROWS, 32));
  const y = np.random.random(tuple(ROWS, 1));
  const history = await model.fit(x, y, { epochs: 5 });
  return {
    history: (await history.history) as Record<string, number[]>,
    count: (await builtins.int(model.loss_tracker.count.numpy())) as number,
  };
}

// ## Supporting `sample_weight` & `class_weight`
export async function supportingSampleWeight() {
  class CustomModel extends pyClass(keras.Model) {
    async train_step(data: PyObject) {
      // Unpack the data. Its structure depends on your model and
      // on what you pass to `fit()`.
      let x: PyObject, y: PyObject, sample_weight: PyObject | null;
      if ((await len(data)) === 3) {
        x = data[0], y = data[1], sample_weight = data[2];
      } else {
        sample_weight = null;
        x = data[0], y = data[1];
      }

      // Call torch.nn.Module.zero_grad() to clear the leftover gradients
      // for the weights from the previous train step.
      this.zero_grad();

      // Compute loss
      const y_pred = this(x, { training: true }); // Forward pass
      const loss = this.compute_loss({
        y,
        y_pred,
        sample_weight,
      });

      // Call torch.Tensor.backward() on the loss to compute gradients
      // for the weights.
      loss.backward();

      const trainable_weights = (await this.trainable_weights) as PyObject[];
      const gradients = trainable_weights.map((v) => v.value.grad);

      // Update weights
      await withPy(torch.no_grad(), () => {
        this.optimizer.apply(gradients, trainable_weights);
      });

      // Update metrics (includes the metric that tracks the loss)
      for (const metric of (await this.metrics) as PyObject[]) {
        if ((await metric.name) === "loss") {
          metric.update_state(loss);
        } else {
          metric.update_state(y, y_pred, { sample_weight });
        }
      }

      // Return a dict mapping metric names to current value
      // Note that it will include the loss (tracked in self.metrics).
      const metrics = (await this.metrics) as PyObject[];
      return Object.fromEntries(await Promise.all(metrics.map(async (m) => [await m.name, m.result()])));
    }
  }

  // Construct and compile an instance of CustomModel
  const inputs = keras.Input({ shape: tuple(32) });
  const outputs = keras.layers.Dense(1)(inputs);
  const model = new CustomModel(inputs, outputs);
  model.compile({ optimizer: "adam", loss: "mse", metrics: ["mae"] });

  // You can now use sample_weight argument
  const x = np.random.random(tuple(ROWS, 32));
  const y = np.random.random(tuple(ROWS, 1));
  const sw = np.random.random(tuple(ROWS, 1));
  const history = await model.fit(x, y, { sample_weight: sw, epochs: 3 });
  return (await history.history) as Record<string, number[]>;
}

// ## Providing your own evaluation step
export async function providingYourOwnEvaluationStep() {
  class CustomModel extends pyClass(keras.Model) {
    async test_step(data: PyObject) {
      // Unpack the data
      const x = data[0];
      const y = data[1];
      // Compute predictions
      const y_pred = this(x, { training: false });
      // Updates the metrics tracking the loss
      const loss = this.compute_loss({ y, y_pred });
      // Update the metrics.
      for (const metric of (await this.metrics) as PyObject[]) {
        if ((await metric.name) === "loss") {
          metric.update_state(loss);
        } else {
          metric.update_state(y, y_pred);
        }
      }
      // Return a dict mapping metric names to current value.
      // Note that it will include the loss (tracked in self.metrics).
      const metrics = (await this.metrics) as PyObject[];
      return Object.fromEntries(await Promise.all(metrics.map(async (m) => [await m.name, m.result()])));
    }
  }

  // Construct an instance of CustomModel
  const inputs = keras.Input({ shape: tuple(32) });
  const outputs = keras.layers.Dense(1)(inputs);
  const model = new CustomModel(inputs, outputs);
  model.compile({ loss: "mse", metrics: ["mae"] });

  // Evaluate with our custom test_step
  const x = np.random.random(tuple(ROWS, 32));
  const y = np.random.random(tuple(ROWS, 1));
  return (await model.evaluate(x, y, { return_dict: true })) as Record<string, number>;
}

// ## Wrapping up: an end-to-end GAN example
export function buildDiscriminator() {
  // Create the discriminator
  return keras.Sequential(
    [
      keras.Input({ shape: tuple(28, 28, 1) }),
      layers.Conv2D(64, tuple(3, 3), { strides: tuple(2, 2), padding: "same" }),
      layers.LeakyReLU({ negative_slope: 0.2 }),
      layers.Conv2D(128, tuple(3, 3), { strides: tuple(2, 2), padding: "same" }),
      layers.LeakyReLU({ negative_slope: 0.2 }),
      layers.GlobalMaxPooling2D(),
      layers.Dense(1),
    ],
    { name: "discriminator" },
  );
}

export const latent_dim = 128;

export function buildGenerator() {
  // Create the generator
  return keras.Sequential(
    [
      keras.Input({ shape: tuple(latent_dim) }),
      // We want to generate 128 coefficients to reshape into a 7x7x128 map
      layers.Dense(7 * 7 * 128),
      layers.LeakyReLU({ negative_slope: 0.2 }),
      layers.Reshape(tuple(7, 7, 128)),
      layers.Conv2DTranspose(128, tuple(4, 4), { strides: tuple(2, 2), padding: "same" }),
      layers.LeakyReLU({ negative_slope: 0.2 }),
      layers.Conv2DTranspose(128, tuple(4, 4), { strides: tuple(2, 2), padding: "same" }),
      layers.LeakyReLU({ negative_slope: 0.2 }),
      layers.Conv2D(1, tuple(7, 7), { padding: "same", activation: "sigmoid" }),
    ],
    { name: "generator" },
  );
}

export class GAN extends pyClass(keras.Model) {
  constructor(discriminator: PyObject, generator: PyObject, latent_dim: number) {
    super();
    this.discriminator = discriminator;
    this.generator = generator;
    this.latent_dim = latent_dim;
    this.d_loss_tracker = keras.metrics.Mean({ name: "d_loss" });
    this.g_loss_tracker = keras.metrics.Mean({ name: "g_loss" });
    this.seed_generator = keras.random.SeedGenerator(1337);
    this.built = true;
  }

  get metrics() {
    return [this.d_loss_tracker, this.g_loss_tracker];
  }

  compile(d_optimizer: PyObject, g_optimizer: PyObject, loss_fn: PyObject) {
    super.compile();
    this.d_optimizer = d_optimizer;
    this.g_optimizer = g_optimizer;
    this.loss_fn = loss_fn;
  }

  async train_step(real_images: PyObject) {
    const device = (await torch.cuda.is_available()) ? "cuda" : "cpu";
    if (await builtins.isinstance(real_images, tuple(builtins.tuple, builtins.list))) {
      real_images = real_images[0];
    }
    // Sample random points in the latent space
    const batch_size = real_images.shape[0];
    let random_latent_vectors = keras.random.normal({
      shape: tuple(batch_size, this.latent_dim), seed: this.seed_generator,
    });

    // Decode them to fake images
    const generated_images = this.generator(random_latent_vectors);

    // Combine them with real images
    real_images = torch.tensor(real_images, { device });
    const combined_images = torch.concat([generated_images, real_images], { axis: 0 });

    // Assemble labels discriminating real from fake images
    let labels = torch.concat(
      [
        torch.ones(tuple(batch_size, 1), { device }),
        torch.zeros(tuple(batch_size, 1), { device }),
      ],
      { axis: 0 },
    );
    // Add random noise to the labels - important trick!
    labels = ops.add(labels, ops.multiply(0.05, keras.random.uniform(labels.shape, { seed: this.seed_generator })));

    // Train the discriminator
    this.zero_grad();
    let predictions = this.discriminator(combined_images);
    const d_loss = this.loss_fn(labels, predictions);
    d_loss.backward();
    let grads = ((await this.discriminator.trainable_weights) as PyObject[]).map((v) => v.value.grad);
    await withPy(torch.no_grad(), () => {
      this.d_optimizer.apply(grads, this.discriminator.trainable_weights);
    });

    // Sample random points in the latent space
    random_latent_vectors = keras.random.normal({
      shape: tuple(batch_size, this.latent_dim), seed: this.seed_generator,
    });

    // Assemble labels that say "all real images"
    const misleading_labels = torch.zeros(tuple(batch_size, 1), { device });

    // Train the generator (note that we should *not* update the weights
    // of the discriminator)!
    this.zero_grad();
    predictions = this.discriminator(this.generator(random_latent_vectors));
    const g_loss = this.loss_fn(misleading_labels, predictions);
    grads = g_loss.backward();
    grads = ((await this.generator.trainable_weights) as PyObject[]).map((v) => v.value.grad);
    await withPy(torch.no_grad(), () => {
      this.g_optimizer.apply(grads, this.generator.trainable_weights);
    });

    // Update metrics and return their value.
    this.d_loss_tracker.update_state(d_loss);
    this.g_loss_tracker.update_state(g_loss);
    return {
      d_loss: this.d_loss_tracker.result(),
      g_loss: this.g_loss_tracker.result(),
    };
  }
}

export async function endToEndGan() {
  const discriminator = buildDiscriminator();
  const generator = buildGenerator();
  // Prepare the dataset. In place of the MNIST digits: 128 random 28x28 images, 2 batches of 64.
  const batch_size = 64;
  let all_digits = np.random.random(tuple(128, 28, 28)).astype("float32");
  all_digits = np.reshape(all_digits, tuple(-1, 28, 28, 1));

  // Create a TensorDataset
  const dataset = torch.utils.data.TensorDataset(
    torch.from_numpy(all_digits), torch.from_numpy(all_digits),
  );
  // Create a DataLoader
  const dataloader = torch.utils.data.DataLoader(dataset, { batch_size, shuffle: true });

  const gan: PyObject = new GAN(discriminator, generator, latent_dim);
  gan.compile({
    d_optimizer: keras.optimizers.Adam({ learning_rate: 0.0003 }),
    g_optimizer: keras.optimizers.Adam({ learning_rate: 0.0003 }),
    loss_fn: keras.losses.BinaryCrossentropy({ from_logits: true }),
  });

  const history = await gan.fit(dataloader, { epochs: 1 });
  return {
    history: (await history.history) as Record<string, number[]>,
    d_steps: (await builtins.int(gan.d_loss_tracker.count.numpy())) as number,
  };
}

export async function main() {
  return {
    a_first_simple_example: await aFirstSimpleExample(),
    going_lower_level: await goingLowerLevel(),
    supporting_sample_weight: await supportingSampleWeight(),
    providing_your_own_evaluation_step: await providingYourOwnEvaluationStep(),
    end_to_end_gan: await endToEndGan(),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await main());
  await py.shutdown();
}
