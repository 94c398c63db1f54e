// Keras 3 guide "Writing your own callbacks" (writing_your_own_callbacks.py beside this file: keras-io
// guides/writing_your_own_callbacks.py, by Rick Chao and Francois Chollet), ported line for line; each section is
// a function, on data made in place (see the .py for those changes, the same in both files).
// Run: npx tsx examples/port-keras/writing-your-own-callbacks.ts
//
// Differences from the Python text that TypeScript forced:
// - Callbacks subclass `pyClass(keras.callbacks.Callback)`: their hooks run live, called by Keras during fit,
//   `logs` arriving as the Python dict's proxy. A hook that prints Python values awaits them, so it is `async`
//   (Keras waits for it): `list(logs.keys())` printed with `"{}".format(keys)` is `await str(keys)`.
// - `"{:7.2f}".format(x)` is `x.toFixed(2).padStart(7)`, on `await logs.loss`; `print` is `console.log`
//   (`"\n..."` as the f-string has it).
// - `self.wait += 1` is `this.wait = (await this.wait) + 1`, and `if np.less(current, self.best)` and
//   `if self.stopped_epoch > 0` await the Python values they test.
// - `hasattr(...)` is `py.builtins.hasattr(...)`; `float(np.array(lr))` is `await py.builtins.float(np.array(lr))`.
// - `lr_schedule` is a JS function: stored as `this.schedule`, it is a Python callable that Keras' hook calls
//   back, with `lr` (a Keras Variable, which has no JS value) as a proxy that it may return as it came.
import { pathToFileURL } from "node:url";
import { py, pyClass, str, tuple, type PyObject } from "tsreticulate";

process.env.KERAS_BACKEND = "torch";

const np = py.import("numpy", { convert: false });
const keras = py.import("keras", { convert: false });

export const SEED = 1337;

// ## A basic example
// Define the Keras model to add callbacks to
export function get_model() {
  const model = keras.Sequential();
  model.add(keras.layers.Dense(1));
  model.compile({
    optimizer: keras.optimizers.RMSprop({ learning_rate: 0.1 }),
    loss: "mean_squared_error",
    metrics: ["mean_absolute_error"],
  });
  return model;
}

/** keras.datasets.mnist.load_data(), made in place, pre-processed as the guide does. */
export function load_data() {
  // Load example MNIST data and pre-process it
  let x_train = np.random.randint(0, 256, { size: tuple(256, 28, 28) }).astype("uint8");
  let y_train = np.random.randint(0, 10, { size: tuple(256) }).astype("uint8");
  let x_test = np.random.randint(0, 256, { size: tuple(256, 28, 28) }).astype("uint8");
  let y_test = np.random.randint(0, 10, { size: tuple(256) }).astype("uint8");
  x_train = py.x`${x_train.reshape(-1, 784).astype("float32")} / 255.0`;
  x_test = py.x`${x_test.reshape(-1, 784).astype("float32")} / 255.0`;

  // Limit the data to 1000 samples
  x_train = py.x`${x_train}[:1000]`;
  y_train = py.x`${y_train}[:1000]`;
  x_test = py.x`${x_test}[:1000]`;
  y_test = py.x`${y_test}[:1000]`;
  return { x_train, y_train, x_test, y_test };
}

export class CustomCallback extends pyClass(keras.callbacks.Callback) {
  async on_train_begin(logs: PyObject | null = null) {
    const keys = py.builtins.list(logs!.keys());
    console.log(`Starting training; got log keys: ${await str(keys)}`);
  }

  async on_train_end(logs: PyObject | null = null) {
    const keys = py.builtins.list(logs!.keys());
    console.log(`Stop training; got log keys: ${await str(keys)}`);
  }

  async on_epoch_begin(epoch: number, logs: PyObject | null = null) {
    const keys = py.builtins.list(logs!.keys());
    console.log(`Start epoch ${epoch} of training; got log keys: ${await str(keys)}`);
  }

  async on_epoch_end(epoch: number, logs: PyObject | null = null) {
    const keys = py.builtins.list(logs!.keys());
    console.log(`End epoch ${epoch} of training; got log keys: ${await str(keys)}`);
  }

  async on_test_begin(logs: PyObject | null = null) {
    const keys = py.builtins.list(logs!.keys());
    console.log(`Start testing; got log keys: ${await str(keys)}`);
  }

  async on_test_end(logs: PyObject | null = null) {
    const keys = py.builtins.list(logs!.keys());
    console.log(`Stop testing; got log keys: ${await str(keys)}`);
  }

  async on_predict_begin(logs: PyObject | null = null) {
    const keys = py.builtins.list(logs!.keys());
    console.log(`Start predicting; got log keys: ${await str(keys)}`);
  }

  async on_predict_end(logs: PyObject | null = null) {
    const keys = py.builtins.list(logs!.keys());
    console.log(`Stop predicting; got log keys: ${await str(keys)}`);
  }

  async on_train_batch_begin(batch: number, logs: PyObject | null = null) {
    const keys = py.builtins.list(logs!.keys());
    console.log(`...Training: start of batch ${batch}; got log keys: ${await str(keys)}`);
  }

  async on_train_batch_end(batch: number, logs: PyObject | null = null) {
    const keys = py.builtins.list(logs!.keys());
    console.log(`...Training: end of batch ${batch}; got log keys: ${await str(keys)}`);
  }

  async on_test_batch_begin(batch: number, logs: PyObject | null = null) {
    const keys = py.builtins.list(logs!.keys());
    console.log(`...Evaluating: start of batch ${batch}; got log keys: ${await str(keys)}`);
  }

  async on_test_batch_end(batch: number, logs: PyObject | null = null) {
    const keys = py.builtins.list(logs!.keys());
    console.log(`...Evaluating: end of batch ${batch}; got log keys: ${await str(keys)}`);
  }

  async on_predict_batch_begin(batch: number, logs: PyObject | null = null) {
    const keys = py.builtins.list(logs!.keys());
    console.log(`...Predicting: start of batch ${batch}; got log keys: ${await str(keys)}`);
  }

  async on_predict_batch_end(batch: number, logs: PyObject | null = null) {
    const keys = py.builtins.list(logs!.keys());
    console.log(`...Predicting: end of batch ${batch}; got log keys: ${await str(keys)}`);
  }
}

export async function a_basic_example() {
  keras.utils.set_random_seed(SEED);
  const { x_train, y_train, x_test, y_test } = load_data();

  const model = get_model();
  const history = await model.fit(x_train, y_train, {
    batch_size: 128,
    epochs: 1,
    verbose: 0,
    validation_split: 0.5,
    callbacks: [new CustomCallback()],
  });

  await model.evaluate(x_test, y_test, { batch_size: 128, verbose: 0, callbacks: [new CustomCallback()] });

  const res = await model.predict(x_test, { batch_size: 128, callbacks: [new CustomCallback()], verbose: 0 });
  return { history: await history.history, predict_shape: res.shape };
}

// ### Usage of `logs` dict
export class LossAndErrorPrintingCallback extends pyClass(keras.callbacks.Callback) {
  async on_train_batch_end(batch: number, logs: PyObject | null = null) {
    const loss = (await logs!.loss) as number;
    console.log(`Up to batch ${batch}, the average loss is ${loss.toFixed(2).padStart(7)}.`);
  }

  async on_test_batch_end(batch: number, logs: PyObject | null = null) {
    const loss = (await logs!.loss) as number;
    console.log(`Up to batch ${batch}, the average loss is ${loss.toFixed(2).padStart(7)}.`);
  }

  async on_epoch_end(epoch: number, logs: PyObject | null = null) {
    const loss = (await logs!.loss) as number;
    const mae = (await logs!.mean_absolute_error) as number;
    console.log(
      `The average loss for epoch ${epoch} is ${loss.toFixed(2).padStart(7)} ` +
        `and mean absolute error is ${mae.toFixed(2).padStart(7)}.`,
    );
  }
}

export async function usage_of_logs_dict() {
  keras.utils.set_random_seed(SEED);
  const { x_train, y_train, x_test, y_test } = load_data();

  const model = get_model();
  const history = await model.fit(x_train, y_train, {
    batch_size: 128,
    epochs: 2,
    verbose: 0,
    callbacks: [new LossAndErrorPrintingCallback()],
  });

  const res = await model.evaluate(x_test, y_test, {
    batch_size: 128,
    verbose: 0,
    callbacks: [new LossAndErrorPrintingCallback()],
  });
  return { history: await history.history, evaluate: res };
}

// ### Early stopping at minimum loss
/**
 * Stop training when the loss is at its min, i.e. the loss stops decreasing.
 *
 * Arguments:
 *     patience: Number of epochs to wait after min has been hit. After this
 *     number of no improvement, training stops.
 */
export class EarlyStoppingAtMinLoss extends pyClass(keras.callbacks.Callback) {
  constructor(patience = 0) {
    super();
    this.patience = patience;
    // best_weights to store the weights at which the minimum loss occurs.
    this.best_weights = null;
  }

  on_train_begin(logs: PyObject | null = null) {
    // The number of epoch it has waited when loss is no longer minimum.
    this.wait = 0;
    // The epoch the training stops at.
    this.stopped_epoch = 0;
    // Initialize the best as infinity.
    this.best = np.inf;
  }

  async on_epoch_end(epoch: number, logs: PyObject | null = null) {
    const current = logs!.get("loss");
    if (await np.less(current, this.best)) {
      this.best = current;
      this.wait = 0;
      // Record the best weights if current results is better (less).
      this.best_weights = this.model.get_weights();
    } else {
      this.wait = (await this.wait) + 1;
      if ((await this.wait) >= (await this.patience)) {
        this.stopped_epoch = epoch;
        this.model.stop_training = true;
        console.log("Restoring model weights from the end of the best epoch.");
        this.model.set_weights(this.best_weights);
      }
    }
  }

  async on_train_end(logs: PyObject | null = null) {
    if ((await this.stopped_epoch) > 0) {
      console.log(`Epoch ${(await this.stopped_epoch) + 1}: early stopping`);
    }
  }
}

export async function early_stopping_at_minimum_loss() {
  keras.utils.set_random_seed(SEED);
  const { x_train, y_train } = load_data();

  const model = get_model();
  const history = await model.fit(x_train, y_train, {
    batch_size: 64,
    epochs: 10,
    verbose: 0,
    callbacks: [new LossAndErrorPrintingCallback(), new EarlyStoppingAtMinLoss()],
  });
  return { history: await history.history, weights: await py.x`[w.tolist() for w in ${model.get_weights()}]` };
}

// ### Learning rate scheduling
/**
 * Learning rate scheduler which sets the learning rate according to schedule.
 *
 * Arguments:
 *     schedule: a function that takes an epoch index
 *         (integer, indexed from 0) and current learning rate
 *         as inputs and returns a new learning rate as output (float).
 */
export class CustomLearningRateScheduler extends pyClass(keras.callbacks.Callback) {
  constructor(schedule: (epoch: number, lr: PyObject) => unknown) {
    super();
    this.schedule = schedule;
  }

  async on_epoch_begin(epoch: number, logs: PyObject | null = null) {
    if (!(await py.builtins.hasattr(this.model.optimizer, "learning_rate"))) {
      throw py.builtins.ValueError('Optimizer must have a "learning_rate" attribute.');
    }
    // Get the current learning rate from model's optimizer.
    const lr = this.model.optimizer.learning_rate;
    // Call schedule function to get the scheduled learning rate.
    const scheduled_lr = this.schedule(epoch, lr);
    // Set the value back to the optimizer before this epoch starts
    this.model.optimizer.learning_rate = scheduled_lr;
    console.log(`\nEpoch ${epoch}: Learning rate is ${await py.builtins.float(np.array(scheduled_lr))}.`);
  }
}

export const LR_SCHEDULE: [number, number][] = [
  // (epoch to start, learning rate) tuples
  [3, 0.05],
  [6, 0.01],
  [9, 0.005],
  [12, 0.001],
];

/** Helper function to retrieve the scheduled learning rate based on epoch. */
export function lr_schedule(epoch: number, lr: PyObject) {
  if (epoch < LR_SCHEDULE[0]![0] || epoch > LR_SCHEDULE.at(-1)![0]) {
    return lr;
  }
  for (let i = 0; i < LR_SCHEDULE.length; i++) {
    if (epoch === LR_SCHEDULE[i]![0]) {
      return LR_SCHEDULE[i]![1];
    }
  }
  return lr;
}

export async function learning_rate_scheduling() {
  keras.utils.set_random_seed(SEED);
  const { x_train, y_train } = load_data();

  const model = get_model();
  const history = await model.fit(x_train, y_train, {
    batch_size: 64,
    epochs: 13,
    verbose: 0,
    callbacks: [new LossAndErrorPrintingCallback(), new CustomLearningRateScheduler(lr_schedule)],
  });
  return {
    history: await history.history,
    learning_rate: await py.builtins.float(np.array(model.optimizer.learning_rate)),
  };
}

export async function main() {
  return {
    a_basic_example: await a_basic_example(),
    usage_of_logs_dict: await usage_of_logs_dict(),
    early_stopping_at_minimum_loss: await early_stopping_at_minimum_loss(),
    learning_rate_scheduling: await learning_rate_scheduling(),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    await main();
  } finally {
    await py.shutdown();
  }
}
