// Keras 3 guide "Writing a training loop from scratch in PyTorch" (writing_a_custom_training_loop_in_torch.py
// beside this file: keras-io guides/writing_a_custom_training_loop_in_torch.py, by fchollet), ported line for
// line: the loops run in TypeScript, a few operations per batch, each iterating a torch DataLoader from TypeScript.
// See the .py for the changes made to both files. Run: npx tsx examples/port-keras/writing-a-custom-training-loop-in-torch.ts
//
// Differences from the Python text that TypeScript forced:
// - `for step, (inputs, targets) in enumerate(loader)` is `for await (const [inputs, targets] of iterate(loader))`
//   with a `step` counter; `with torch.no_grad(): ...` is `await withPy(torch.no_grad(), () => ...)`.
// - `[v for v in model.trainable_weights]` is awaited into a JS array of proxies, and `[v.value.grad for v in ...]`
//   maps it; `if model.losses:` awaits `len(model.losses)`; `loss + torch.sum(*model.losses)` is a py.x template.
// - f-strings are template literals: `{x:.4f}` is `.toFixed(4)` on the awaited value (`loss.detach().numpy()` is a
//   0-d array, which awaits to an NDArray: its one value is `.data[0]`; `float(train_acc)` is
//   `await py.builtins.float(train_acc)`).
import { pathToFileURL } from "node:url";
import { iterate, len, py, pyClass, tuple, withPy, type NDArray, type PyObject } from "tsreticulate";

// This guide can only be run with the torch backend.
process.env.KERAS_BACKEND = "torch";

const torch = py.import("torch", { convert: false });
const keras = py.import("keras", { convert: false });
const np = py.import("numpy", { convert: false });

export const SEED = 1337;
const epochs = 2;
const batch_size = 32;

// Let's consider a simple MNIST model
export function get_model() {
  const inputs = keras.Input({ shape: tuple(784), name: "digits" });
  const x1 = keras.layers.Dense(64, { activation: "relu" })(inputs);
  const x2 = keras.layers.Dense(64, { activation: "relu" })(x1);
  const outputs = keras.layers.Dense(10, { name: "predictions" })(x2);
  const model = keras.Model({ inputs: inputs, outputs: outputs });
  return model;
}

/** keras.datasets.mnist.load_data(), made in place, in the guide's DataLoaders. */
export function get_dataloaders() {
  let x_train = np.random.randint(0, 256, { size: tuple(256, 28, 28) }).astype("uint8");
  let y_train = np.random.randint(0, 10, { size: tuple(256) }).astype("uint8");
  x_train = np.reshape(x_train, tuple(-1, 784)).astype("float32");
  y_train = keras.utils.to_categorical(y_train, 10);

  // Reserve 64 samples for validation.
  const x_val = py.x`${x_train}[-64:]`;
  const y_val = py.x`${y_train}[-64:]`;
  x_train = py.x`${x_train}[:-64]`;
  y_train = py.x`${y_train}[:-64]`;

  // Create torch Datasets
  const train_dataset = torch.utils.data.TensorDataset(torch.from_numpy(x_train), torch.from_numpy(y_train));
  const val_dataset = torch.utils.data.TensorDataset(torch.from_numpy(x_val), torch.from_numpy(y_val));

  // Create DataLoaders for the Datasets
  const train_dataloader = torch.utils.data.DataLoader(train_dataset, { batch_size: batch_size, shuffle: true });
  const val_dataloader = torch.utils.data.DataLoader(val_dataset, { batch_size: batch_size, shuffle: false });
  return { train_dataloader, val_dataloader };
}

/** `f"{loss.detach().numpy():.4f}"`: a 0-d array awaits to an NDArray of one value. */
async function fixed4(scalar: PyObject) {
  const value = (await scalar) as NDArray;
  return Number(value.data[0]).toFixed(4);
}

// ## A first end-to-end example
export async function a_first_end_to_end_example() {
  keras.utils.set_random_seed(SEED);
  let { train_dataloader } = get_dataloaders();

  // Instantiate a torch optimizer
  let model = get_model();
  let optimizer = torch.optim.Adam(model.parameters(), { lr: 1e-3 });

  // Instantiate a torch loss function
  let loss_fn = torch.nn.CrossEntropyLoss();

  for (let epoch = 0; epoch < epochs; epoch++) {
    let step = 0;
    for await (const [inputs, targets] of iterate(train_dataloader)) {
      // Forward pass
      const logits = model(inputs);
      const loss = loss_fn(logits, targets);

      // Backward pass
      model.zero_grad();
      loss.backward();

      // Optimizer variable updates
      optimizer.step();

      // Log every 2 batches.
      if (step % 2 === 0) {
        console.log(`Training loss (for 1 batch) at step ${step}: ${await fixed4(loss.detach().numpy())}`);
        console.log(`Seen so far: ${(step + 1) * batch_size} samples`);
      }
      step++;
    }
  }

  keras.utils.set_random_seed(SEED);
  ({ train_dataloader } = get_dataloaders());

  model = get_model();
  optimizer = keras.optimizers.Adam({ learning_rate: 1e-3 });
  loss_fn = keras.losses.CategoricalCrossentropy({ from_logits: true });

  for (let epoch = 0; epoch < epochs; epoch++) {
    console.log(`\nStart of epoch ${epoch}`);
    let step = 0;
    for await (const [inputs, targets] of iterate(train_dataloader)) {
      // Forward pass
      const logits = model(inputs);
      const loss = loss_fn(targets, logits);

      // Backward pass
      model.zero_grad();
      const trainable_weights = (await model.trainable_weights) as PyObject[];

      // Call torch.Tensor.backward() on the loss to compute gradients
      // for the weights.
      loss.backward();
      const gradients = trainable_weights.map((v) => v.value.grad);

      // Update weights
      await withPy(torch.no_grad(), () => {
        optimizer.apply(gradients, trainable_weights);
      });

      // Log every 2 batches.
      if (step % 2 === 0) {
        console.log(`Training loss (for 1 batch) at step ${step}: ${await fixed4(loss.detach().numpy())}`);
        console.log(`Seen so far: ${(step + 1) * batch_size} samples`);
      }
      step++;
    }
  }
}

// ## Low-level handling of metrics
export async function low_level_handling_of_metrics() {
  keras.utils.set_random_seed(SEED);
  const { train_dataloader, val_dataloader } = get_dataloaders();

  // Get a fresh model
  const model = get_model();

  // Instantiate an optimizer to train the model.
  const optimizer = keras.optimizers.Adam({ learning_rate: 1e-3 });
  // Instantiate a loss function.
  const loss_fn = keras.losses.CategoricalCrossentropy({ from_logits: true });

  // Prepare the metrics.
  const train_acc_metric = keras.metrics.CategoricalAccuracy();
  const val_acc_metric = keras.metrics.CategoricalAccuracy();

  for (let epoch = 0; epoch < epochs; epoch++) {
    console.log(`\nStart of epoch ${epoch}`);
    let step = 0;
    for await (const [inputs, targets] of iterate(train_dataloader)) {
      // Forward pass
      const logits = model(inputs);
      const loss = loss_fn(targets, logits);

      // Backward pass
      model.zero_grad();
      const trainable_weights = (await model.trainable_weights) as PyObject[];

      // Call torch.Tensor.backward() on the loss to compute gradients
      // for the weights.
      loss.backward();
      const gradients = trainable_weights.map((v) => v.value.grad);

      // Update weights
      await withPy(torch.no_grad(), () => {
        optimizer.apply(gradients, trainable_weights);
      });

      // Update training metric.
      train_acc_metric.update_state(targets, logits);

      // Log every 2 batches.
      if (step % 2 === 0) {
        console.log(`Training loss (for 1 batch) at step ${step}: ${await fixed4(loss.detach().numpy())}`);
        console.log(`Seen so far: ${(step + 1) * batch_size} samples`);
      }
      step++;
    }

    // Display metrics at the end of each epoch.
    const train_acc = train_acc_metric.result();
    console.log(`Training acc over epoch: ${((await py.builtins.float(train_acc)) as number).toFixed(4)}`);

    // Reset training metrics at the end of each epoch
    train_acc_metric.reset_state();

    // Run a validation loop at the end of each epoch.
    for await (const [x_batch_val, y_batch_val] of iterate(val_dataloader)) {
      const val_logits = model(x_batch_val, { training: false });
      // Update val metrics
      val_acc_metric.update_state(y_batch_val, val_logits);
    }
    const val_acc = val_acc_metric.result();
    const val_acc_value = (await py.builtins.float(val_acc)) as number;
    val_acc_metric.reset_state();
    console.log(`Validation acc: ${val_acc_value.toFixed(4)}`);
  }
}

// ## Low-level handling of losses tracked by the model
export class ActivityRegularizationLayer extends pyClass(keras.layers.Layer) {
  override call(inputs: PyObject) {
    this.add_loss(py.x`1e-2 * ${torch.sum(inputs)}`);
    return inputs;
  }
}

export async function low_level_handling_of_losses() {
  keras.utils.set_random_seed(SEED);
  const { train_dataloader } = get_dataloaders();

  const inputs = keras.Input({ shape: tuple(784), name: "digits" });
  let x = keras.layers.Dense(64, { activation: "relu" })(inputs);
  // Insert activity regularization as a layer
  x = new ActivityRegularizationLayer()(x);
  x = keras.layers.Dense(64, { activation: "relu" })(x);
  const outputs = keras.layers.Dense(10, { name: "predictions" })(x);

  const model = keras.Model({ inputs: inputs, outputs: outputs });

  // Instantiate an optimizer to train the model.
  const optimizer = keras.optimizers.Adam({ learning_rate: 1e-3 });
  // Instantiate a loss function.
  const loss_fn = keras.losses.CategoricalCrossentropy({ from_logits: true });

  // Prepare the metrics.
  const train_acc_metric = keras.metrics.CategoricalAccuracy();

  for (let epoch = 0; epoch < epochs; epoch++) {
    console.log(`\nStart of epoch ${epoch}`);
    let step = 0;
    for await (const [inputs, targets] of iterate(train_dataloader)) {
      // Forward pass
      const logits = model(inputs);
      let loss = loss_fn(targets, logits);
      if ((await len(model.losses)) > 0) {
        loss = py.x`${loss} + ${torch.sum}(*${model.losses})`;
      }

      // Backward pass
      model.zero_grad();
      const trainable_weights = (await model.trainable_weights) as PyObject[];

      // Call torch.Tensor.backward() on the loss to compute gradients
      // for the weights.
      loss.backward();
      const gradients = trainable_weights.map((v) => v.value.grad);

      // Update weights
      await withPy(torch.no_grad(), () => {
        optimizer.apply(gradients, trainable_weights);
      });

      // Update training metric.
      train_acc_metric.update_state(targets, logits);

      // Log every 2 batches.
      if (step % 2 === 0) {
        console.log(`Training loss (for 1 batch) at step ${step}: ${await fixed4(loss.detach().numpy())}`);
        console.log(`Seen so far: ${(step + 1) * batch_size} samples`);
      }
      step++;
    }

    // Display metrics at the end of each epoch.
    const train_acc = train_acc_metric.result();
    console.log(`Training acc over epoch: ${((await py.builtins.float(train_acc)) as number).toFixed(4)}`);

    // Reset training metrics at the end of each epoch
    train_acc_metric.reset_state();
  }
}

export async function main() {
  await a_first_end_to_end_example();
  await low_level_handling_of_metrics();
  await low_level_handling_of_losses();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    await main();
  } finally {
    await py.shutdown();
  }
}
