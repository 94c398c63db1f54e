// Keras' "Simple MNIST convnet" (convnet.py), ported line for line. Run: npx tsx examples/port-keras/convnet.ts
import { pathToFileURL } from "node:url";
import { py, tuple } from "tsreticulate";

process.env.KERAS_BACKEND = "torch";
const keras = py.import("keras", { convert: false });
const np = py.import("numpy", { convert: false });
const layers = keras.layers;

const num_classes = 10;
const input_shape = tuple(28, 28, 1);

export function buildModel() {
  return keras.Sequential([
    keras.Input({ shape: input_shape }),
    layers.Conv2D(32, { kernel_size: tuple(3, 3), activation: "relu" }),
    layers.MaxPooling2D({ pool_size: tuple(2, 2) }),
    layers.Conv2D(64, { kernel_size: tuple(3, 3), activation: "relu" }),
    layers.MaxPooling2D({ pool_size: tuple(2, 2) }),
    layers.Flatten(),
    layers.Dropout(0.5),
    layers.Dense(num_classes, { activation: "softmax" }),
  ]);
}

export async function main(): Promise<void> {
  const model = buildModel();
  await model.summary();
  const x_train = np.random.rand(256, ...input_shape.items).astype("float32");
  const y_train = keras.utils.to_categorical(np.random.randint(0, num_classes, { size: tuple(256) }), num_classes);
  model.compile({ loss: "categorical_crossentropy", optimizer: "adam", metrics: ["accuracy"] });
  await model.fit(x_train, y_train, { batch_size: 128, epochs: 2, validation_split: 0.1, verbose: 2 });
  const score = await model.evaluate(x_train, y_train, { verbose: 0 });
  console.log("Train loss:", score[0]);
  console.log("Train accuracy:", score[1]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
  await py.shutdown();
}
