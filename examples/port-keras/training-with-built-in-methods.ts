// Keras 3 guide "Training & evaluation with the built-in methods" (training_with_built_in_methods.py beside this
// file: keras-io guides/training_with_built_in_methods.py, by fchollet), ported line for line; each section is a
// function that returns what the test compares, on data made in place (see the .py for those changes, the same in
// both files). Run: npx tsx examples/port-keras/training-with-built-in-methods.ts
//
// Differences from the Python text that TypeScript forced:
// - Keyword arguments are a trailing object, tuples `tuple(...)`, `None` is `null`; a dict passed as data is
//   `dict({...})`. `class_weight={0: 1.0, ...}` is a `Map` with number keys: a JS object's keys are strings, and
//   Keras wants the class indices as ints.
// - Operators and slicing are Python expression templates: `x_train.reshape(...) / 255`, `x_train[-64:]`,
//   `y_true - y_pred`, `ops.cast(...) == ops.cast(...)` and the PyDataset's `self.x[a : b]` become py.x`...`;
//   `sample_weight[y_train == 5] = 2.0` is `setItem(sample_weight, py.x`${y_train} == 5`, 2.0)`.
// - Classes subclass `pyClass(...)`: `self` is `this`, `__init__` the constructor, whose `super(...)` takes the
//   keyword arguments as one object. Their methods run live (Python calls TypeScript). `__len__` awaits the length
//   of `self.x`, so it is `async`.
// - `custom_mean_squared_error` is a JS function passed as the loss: Keras calls it with tensors, which reach it as
//   proxies (a tensor has no JS value), so the loss keeps its gradient.
// - `os.listdir`, `os.path.getctime`, `os.makedirs` are Node's `fs`; `float(x)` is `await py.builtins.float(x)`.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { dict, len, py, pyClass, setItem, tuple, type PyObject } from "tsreticulate";

process.env.KERAS_BACKEND = "torch";

const torch = py.import("torch", { convert: false });
const np = py.import("numpy", { convert: false });
const keras = py.import("keras", { convert: false });
const layers = keras.layers;
const ops = keras.ops;

export const SEED = 1337;

/** keras.datasets.mnist.load_data(), made in place: uint8 images (N, 28, 28), uint8 labels (N,). */
export function load_mnist() {
  const x_train = np.random.randint(0, 256, { size: tuple(320, 28, 28) }).astype("uint8");
  const y_train = np.random.randint(0, 10, { size: tuple(320) }).astype("uint8");
  const x_test = np.random.randint(0, 256, { size: tuple(64, 28, 28) }).astype("uint8");
  const y_test = np.random.randint(0, 10, { size: tuple(64) }).astype("uint8");
  return [[x_train, y_train], [x_test, y_test]] as const;
}

/** The guide's preprocessing of MNIST: flattened float32 images in [0, 1], float32 labels, 64 held out. */
export function mnist_arrays() {
  let [[x_train, y_train], [x_test, y_test]] = load_mnist();

  // Preprocess the data (these are NumPy arrays)
  x_train = py.x`${x_train.reshape(320, 784).astype("float32")} / 255`;
  x_test = py.x`${x_test.reshape(64, 784).astype("float32")} / 255`;

  y_train = y_train.astype("float32");
  y_test = y_test.astype("float32");

  // Reserve 64 samples for validation (the guide's 10,000)
  const x_val = py.x`${x_train}[-64:]`;
  const y_val = py.x`${y_train}[-64:]`;
  x_train = py.x`${x_train}[:-64]`;
  y_train = py.x`${y_train}[:-64]`;
  return { x_train, y_train, x_val, y_val, x_test, y_test };
}

export function get_uncompiled_model() {
  const inputs = keras.Input({ shape: tuple(784), name: "digits" });
  let x = layers.Dense(64, { activation: "relu", name: "dense_1" })(inputs);
  x = layers.Dense(64, { activation: "relu", name: "dense_2" })(x);
  const outputs = layers.Dense(10, { activation: "softmax", name: "predictions" })(x);
  const model = keras.Model({ inputs: inputs, outputs: outputs });
  return model;
}

export function get_compiled_model() {
  const model = get_uncompiled_model();
  model.compile({
    optimizer: "rmsprop",
    loss: "sparse_categorical_crossentropy",
    metrics: ["sparse_categorical_accuracy"],
  });
  return model;
}

// ## API overview: a first end-to-end example
export async function api_overview() {
  keras.utils.set_random_seed(SEED);
  const { x_train, y_train, x_val, y_val, x_test, y_test } = mnist_arrays();

  const inputs = keras.Input({ shape: tuple(784), name: "digits" });
  let x = layers.Dense(64, { activation: "relu", name: "dense_1" })(inputs);
  x = layers.Dense(64, { activation: "relu", name: "dense_2" })(x);
  const outputs = layers.Dense(10, { activation: "softmax", name: "predictions" })(x);

  const model = keras.Model({ inputs: inputs, outputs: outputs });

  model.compile({
    optimizer: keras.optimizers.RMSprop(), // Optimizer
    // Loss function to minimize
    loss: keras.losses.SparseCategoricalCrossentropy(),
    // List of metrics to monitor
    metrics: [keras.metrics.SparseCategoricalAccuracy()],
  });

  console.log("Fit model on training data");
  const history = await model.fit(x_train, y_train, {
    batch_size: 64,
    epochs: 2,
    // We pass some validation for
    // monitoring validation loss and metrics
    // at the end of each epoch
    validation_data: tuple(x_val, y_val),
    verbose: 0,
  });

  // Evaluate the model on the test data using `evaluate`
  console.log("Evaluate on test data");
  const results = await model.evaluate(x_test, y_test, { batch_size: 128, verbose: 0 });
  console.log("test loss, test acc:", results);

  // Generate predictions (probabilities -- the output of the last layer)
  // on new data using `predict`
  console.log("Generate predictions for 3 samples");
  const predictions = model.predict(py.x`${x_test}[:3]`, { verbose: 0 });
  console.log("predictions shape:", await predictions.shape);
  return {
    history: await history.history,
    results,
    predictions_shape: await predictions.shape,
    predictions: await predictions.tolist(),
  };
}

// ### Custom losses
export function custom_mean_squared_error(y_true: PyObject, y_pred: PyObject) {
  return ops.mean(ops.square(py.x`${y_true} - ${y_pred}`), { axis: -1 });
}

export class CustomMSE extends pyClass(keras.losses.Loss) {
  constructor(regularization_factor = 0.1, name = "custom_mse") {
    super({ name: name });
    this.regularization_factor = regularization_factor;
  }

  override call(y_true: PyObject, y_pred: PyObject) {
    const mse = ops.mean(ops.square(py.x`${y_true} - ${y_pred}`), { axis: -1 });
    const reg = ops.mean(ops.square(py.x`0.5 - ${y_pred}`), { axis: -1 });
    return py.x`${mse} + ${reg} * ${this.regularization_factor}`;
  }
}

export async function custom_losses() {
  keras.utils.set_random_seed(SEED);
  const { x_train, y_train } = mnist_arrays();

  let model = get_uncompiled_model();
  model.compile({ optimizer: keras.optimizers.Adam(), loss: custom_mean_squared_error });

  // We need to one-hot encode the labels to use MSE
  let y_train_one_hot = ops.one_hot(y_train, { num_classes: 10 });
  const function_history = await model.fit(x_train, y_train_one_hot, { batch_size: 64, epochs: 1, verbose: 0 });

  model = get_uncompiled_model();
  model.compile({ optimizer: keras.optimizers.Adam(), loss: new CustomMSE() });

  y_train_one_hot = ops.one_hot(y_train, { num_classes: 10 });
  const class_history = await model.fit(x_train, y_train_one_hot, { batch_size: 64, epochs: 1, verbose: 0 });
  return { function: await function_history.history, class: await class_history.history };
}

// ### Custom metrics
export class CategoricalTruePositives extends pyClass(keras.metrics.Metric) {
  constructor(name = "categorical_true_positives", kwargs = {}) {
    super({ name: name, ...kwargs });
    this.true_positives = this.add_variable({ shape: tuple(), name: "ctp", initializer: "zeros" });
  }

  update_state(y_true: PyObject, y_pred: PyObject, sample_weight: PyObject | null = null) {
    y_pred = ops.reshape(ops.argmax(y_pred, { axis: 1 }), tuple(-1, 1));
    let values = py.x`${ops.cast(y_true, "int32")} == ${ops.cast(y_pred, "int32")}`;
    values = ops.cast(values, "float32");
    if (sample_weight !== null) {
      sample_weight = ops.cast(sample_weight, "float32");
      values = ops.multiply(values, sample_weight);
    }
    this.true_positives.assign_add(ops.sum(values));
  }

  result() {
    return this.true_positives;
  }

  reset_state() {
    // The state of the metric will be reset at the start of each epoch.
    this.true_positives.assign(0);
  }
}

export async function custom_metrics() {
  keras.utils.set_random_seed(SEED);
  const { x_train, y_train } = mnist_arrays();

  const model = get_uncompiled_model();
  model.compile({
    optimizer: keras.optimizers.RMSprop({ learning_rate: 1e-3 }),
    loss: keras.losses.SparseCategoricalCrossentropy(),
    metrics: [new CategoricalTruePositives()],
  });
  const history = await model.fit(x_train, y_train, { batch_size: 64, epochs: 2, verbose: 0 });
  return await history.history;
}

// ### Handling losses and metrics that don't fit the standard signature
export class ActivityRegularizationLayer extends pyClass(layers.Layer) {
  override call(inputs: PyObject) {
    this.add_loss(py.x`${ops.sum(inputs)} * 0.1`);
    return inputs; // Pass-through layer.
  }
}

export class LogisticEndpoint extends pyClass(keras.layers.Layer) {
  constructor(name: string | null = null) {
    super({ name: name });
    this.loss_fn = keras.losses.BinaryCrossentropy({ from_logits: true });
  }

  override call(targets: PyObject, logits: PyObject, sample_weights: PyObject | null = null) {
    // Compute the training-time loss value and add it
    // to the layer using `self.add_loss()`.
    const loss = this.loss_fn(targets, logits, sample_weights);
    this.add_loss(loss);

    // Return the inference-time prediction tensor (for `.predict()`).
    return ops.softmax(logits);
  }
}

export async function non_standard_signature() {
  keras.utils.set_random_seed(SEED);
  const { x_train, y_train } = mnist_arrays();

  let inputs = keras.Input({ shape: tuple(784), name: "digits" });
  let x = layers.Dense(64, { activation: "relu", name: "dense_1" })(inputs);

  // Insert activity regularization as a layer
  x = new ActivityRegularizationLayer()(x);

  x = layers.Dense(64, { activation: "relu", name: "dense_2" })(x);
  const outputs = layers.Dense(10, { name: "predictions" })(x);

  let model = keras.Model({ inputs: inputs, outputs: outputs });
  model.compile({
    optimizer: keras.optimizers.RMSprop({ learning_rate: 1e-3 }),
    loss: keras.losses.SparseCategoricalCrossentropy({ from_logits: true }),
  });

  // The displayed loss will be much higher than before
  // due to the regularization component.
  const regularized = await model.fit(x_train, y_train, { batch_size: 64, epochs: 1, verbose: 0 });

  inputs = keras.Input({ shape: tuple(3), name: "inputs" });
  const targets = keras.Input({ shape: tuple(10), name: "targets" });
  const logits = keras.layers.Dense(10)(inputs);
  const predictions = new LogisticEndpoint("predictions")(targets, logits);

  model = keras.Model({ inputs: [inputs, targets], outputs: predictions });
  model.compile({ optimizer: "adam" }); // No loss argument!

  const data = dict({
    inputs: np.random.random(tuple(3, 3)),
    targets: np.random.random(tuple(3, 10)),
  });
  const endpoint = await model.fit(data, { verbose: 0 });
  return { activity_regularization: await regularized.history, logistic_endpoint: await endpoint.history };
}

// ### Automatically setting apart a validation holdout set
export async function validation_split() {
  keras.utils.set_random_seed(SEED);
  const { x_train, y_train } = mnist_arrays();

  const model = get_compiled_model();
  const history = await model.fit(x_train, y_train, { batch_size: 64, validation_split: 0.2, epochs: 1, verbose: 0 });
  return await history.history;
}

// ## Training & evaluation using `PyDataset` instances
export class ExamplePyDataset extends pyClass(keras.utils.PyDataset) {
  constructor(x: PyObject, y: PyObject, batch_size: number, kwargs = {}) {
    super(kwargs);
    this.x = x;
    this.y = y;
    this.batch_size = batch_size;
  }

  async __len__() {
    return Math.ceil((await len(this.x)) / (await this.batch_size));
  }

  __getitem__(idx: number) {
    const batch_x = py.x`${this.x}[${idx} * ${this.batch_size} : (${idx} + 1) * ${this.batch_size}]`;
    const batch_y = py.x`${this.y}[${idx} * ${this.batch_size} : (${idx} + 1) * ${this.batch_size}]`;
    return tuple(batch_x, batch_y);
  }
}

export async function py_dataset(workers = 1) {
  keras.utils.set_random_seed(SEED);
  const { x_train, y_train, x_val, y_val } = mnist_arrays();

  const train_py_dataset = new ExamplePyDataset(x_train, y_train, 32, { workers: workers });
  const val_py_dataset = new ExamplePyDataset(x_val, y_val, 32, { workers: workers });

  const model = get_compiled_model();
  const history = await model.fit(train_py_dataset, {
    batch_size: 64, validation_data: val_py_dataset, epochs: 1, verbose: 0,
  });
  const evaluation = await model.evaluate(val_py_dataset, { verbose: 0 });
  return { length: await len(train_py_dataset), history: await history.history, evaluate: evaluation };
}

// ## Training & evaluation using PyTorch `DataLoader` objects
export class ExampleTorchDataset extends pyClass(torch.utils.data.Dataset) {
  constructor(x: PyObject, y: PyObject) {
    super();
    this.x = x;
    this.y = y;
  }

  __len__() {
    return len(this.x);
  }

  __getitem__(idx: number) {
    return tuple(this.x[idx], this.y[idx]);
  }
}

export async function torch_dataloader() {
  keras.utils.set_random_seed(SEED);
  const { x_train, y_train, x_val, y_val } = mnist_arrays();

  const train_torch_dataset = new ExampleTorchDataset(x_train, y_train);
  const val_torch_dataset = new ExampleTorchDataset(x_val, y_val);

  const train_dataloader = torch.utils.data.DataLoader(train_torch_dataset, { batch_size: 32, shuffle: true });
  const val_dataloader = torch.utils.data.DataLoader(val_torch_dataset, { batch_size: 32, shuffle: true });

  const model = get_compiled_model();
  const history = await model.fit(train_dataloader, {
    batch_size: 64, validation_data: val_dataloader, epochs: 1, verbose: 0,
  });
  const evaluation = await model.evaluate(val_dataloader, { verbose: 0 });
  return { history: await history.history, evaluate: evaluation };
}

// ## Using sample weighting and class weighting
export async function sample_and_class_weights() {
  keras.utils.set_random_seed(SEED);
  const { x_train, y_train } = mnist_arrays();

  const class_weight = new Map([
    [0, 1.0],
    [1, 1.0],
    [2, 1.0],
    [3, 1.0],
    [4, 1.0],
    // Set weight "2" for class "5",
    // making this class 2x more important
    [5, 2.0],
    [6, 1.0],
    [7, 1.0],
    [8, 1.0],
    [9, 1.0],
  ]);

  console.log("Fit with class weight");
  let model = get_compiled_model();
  const class_history = await model.fit(x_train, y_train, {
    class_weight: class_weight, batch_size: 64, epochs: 1, verbose: 0,
  });

  const sample_weight = np.ones({ shape: tuple(await len(y_train)) });
  setItem(sample_weight, py.x`${y_train} == 5`, 2.0);

  console.log("Fit with sample weight");
  model = get_compiled_model();
  const sample_history = await model.fit(x_train, y_train, {
    sample_weight: sample_weight, batch_size: 64, epochs: 1, verbose: 0,
  });
  return { class_weight: await class_history.history, sample_weight: await sample_history.history };
}

// ## Passing data to multi-input, multi-output models
export async function multi_input_multi_output() {
  keras.utils.set_random_seed(SEED);
  const image_input = keras.Input({ shape: tuple(32, 32, 3), name: "img_input" });
  const timeseries_input = keras.Input({ shape: tuple(null, 10), name: "ts_input" });

  let x1 = layers.Conv2D(3, 3)(image_input);
  x1 = layers.GlobalMaxPooling2D()(x1);

  let x2 = layers.Conv1D(3, 3)(timeseries_input);
  x2 = layers.GlobalMaxPooling1D()(x2);

  const x = layers.concatenate([x1, x2]);

  const score_output = layers.Dense(1, { name: "score_output" })(x);
  const class_output = layers.Dense(5, { name: "class_output" })(x);

  const model = keras.Model({ inputs: [image_input, timeseries_input], outputs: [score_output, class_output] });

  model.compile({
    optimizer: keras.optimizers.RMSprop(1e-3),
    loss: dict({
      score_output: keras.losses.MeanSquaredError(),
      class_output: keras.losses.CategoricalCrossentropy(),
    }),
    metrics: dict({
      score_output: [keras.metrics.MeanAbsolutePercentageError(), keras.metrics.MeanAbsoluteError()],
      class_output: [keras.metrics.CategoricalAccuracy()],
    }),
    loss_weights: dict({ score_output: 2.0, class_output: 1.0 }),
  });

  model.compile({
    optimizer: keras.optimizers.RMSprop(1e-3),
    loss: [keras.losses.MeanSquaredError(), keras.losses.CategoricalCrossentropy()],
  });

  // Generate dummy NumPy data
  const img_data = np.random.random_sample({ size: tuple(100, 32, 32, 3) });
  const ts_data = np.random.random_sample({ size: tuple(100, 20, 10) });
  const score_targets = np.random.random_sample({ size: tuple(100, 1) });
  const class_targets = np.random.random_sample({ size: tuple(100, 5) });

  // Fit on lists
  const lists = await model.fit([img_data, ts_data], [score_targets, class_targets], {
    batch_size: 32, epochs: 1, verbose: 0,
  });

  // Alternatively, fit on dicts
  const dicts = await model.fit(
    dict({ img_input: img_data, ts_input: ts_data }),
    dict({ score_output: score_targets, class_output: class_targets }),
    { batch_size: 32, epochs: 1, verbose: 0 },
  );
  return { params: await model.count_params(), lists: await lists.history, dicts: await dicts.history };
}

// ## Using callbacks
export class LossHistory extends pyClass(keras.callbacks.Callback) {
  on_train_begin(logs: PyObject) {
    this.per_batch_losses = [];
  }

  on_batch_end(batch: number, logs: PyObject) {
    this.per_batch_losses.append(logs.get("loss"));
  }
}

export async function using_callbacks() {
  keras.utils.set_random_seed(SEED);
  const { x_train, y_train } = mnist_arrays();

  const model = get_compiled_model();

  const callbacks = [
    keras.callbacks.EarlyStopping({
      // Stop training when `val_loss` is no longer improving
      monitor: "val_loss",
      // "no longer improving" being defined as "no better than 1e-2 less"
      min_delta: 1e-2,
      // "no longer improving" being further defined as "for at least 1 epoch"
      patience: 1,
      verbose: 0,
    }),
    new LossHistory(),
  ];
  const history = await model.fit(x_train, y_train, {
    epochs: 3,
    batch_size: 64,
    callbacks: callbacks,
    validation_split: 0.2,
    verbose: 0,
  });
  return { history: await history.history, per_batch_losses: await callbacks[1]!.per_batch_losses };
}

// ## Checkpointing models
export async function checkpointing_models(folder: string) {
  keras.utils.set_random_seed(SEED);
  const { x_train, y_train } = mnist_arrays();

  let model = get_compiled_model();

  let callbacks = [
    keras.callbacks.ModelCheckpoint({
      // Path where to save the model
      // The two parameters below mean that we will overwrite
      // the current checkpoint if and only if
      // the `val_loss` score has improved.
      // The saved model name will include the current epoch.
      filepath: join(folder, "mymodel_{epoch}.keras"),
      save_best_only: true, // Only save a model if `val_loss` has improved.
      monitor: "val_loss",
      verbose: 0,
    }),
  ];
  await model.fit(x_train, y_train, {
    epochs: 2,
    batch_size: 64,
    callbacks: callbacks,
    validation_split: 0.2,
    verbose: 0,
  });
  const best = readdirSync(folder).filter((name) => name.startsWith("mymodel_")).sort();

  // Prepare a directory to store all the checkpoints.
  const checkpoint_dir = join(folder, "ckpt");
  if (!existsSync(checkpoint_dir)) {
    mkdirSync(checkpoint_dir, { recursive: true });
  }

  function make_or_restore_model() {
    // Either restore the latest model, or create a fresh one
    // if there is no checkpoint available.
    const checkpoints = readdirSync(checkpoint_dir).map((name) => join(checkpoint_dir, name));
    if (checkpoints.length > 0) {
      const latest_checkpoint = checkpoints.reduce((a, b) => (statSync(b).ctimeMs > statSync(a).ctimeMs ? b : a));
      console.log("Restoring from", latest_checkpoint);
      return keras.models.load_model(latest_checkpoint);
    }
    console.log("Creating a new model");
    return get_compiled_model();
  }

  model = make_or_restore_model();
  callbacks = [
    // This callback saves the model every 2 batches (the guide's 100).
    // We include the training loss in the saved model name.
    keras.callbacks.ModelCheckpoint({
      filepath: join(checkpoint_dir, "model-loss={loss:.2f}.keras"),
      save_freq: 2,
    }),
  ];
  await model.fit(x_train, y_train, { epochs: 1, callbacks: callbacks, verbose: 0 });
  const saved = readdirSync(checkpoint_dir).length;
  const restored = make_or_restore_model();
  return { best, saved, restored_params: await restored.count_params() };
}

// ## Using learning rate schedules
export async function learning_rate_schedules() {
  const initial_learning_rate = 0.1;
  const lr_schedule = keras.optimizers.schedules.ExponentialDecay(initial_learning_rate, {
    decay_steps: 100000, decay_rate: 0.96, staircase: true,
  });

  const optimizer = keras.optimizers.RMSprop({ learning_rate: lr_schedule });
  return {
    at_0: await py.builtins.float(lr_schedule(0)),
    at_200000: await py.builtins.float(lr_schedule(200000)),
    optimizer: await optimizer.name,
  };
}

export async function main(folder: string) {
  return {
    api_overview: await api_overview(),
    custom_losses: await custom_losses(),
    custom_metrics: await custom_metrics(),
    non_standard_signature: await non_standard_signature(),
    validation_split: await validation_split(),
    py_dataset: await py_dataset(),
    torch_dataloader: await torch_dataloader(),
    sample_and_class_weights: await sample_and_class_weights(),
    multi_input_multi_output: await multi_input_multi_output(),
    using_callbacks: await using_callbacks(),
    checkpointing_models: await checkpointing_models(folder),
    learning_rate_schedules: await learning_rate_schedules(),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const folder = mkdtempSync(join(tmpdir(), "training-with-built-in-methods-"));
  try {
    console.dir(await main(folder), { depth: null });
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await py.shutdown();
  }
}
