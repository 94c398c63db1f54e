// A functional model with two inputs joined by Concatenate (two_inputs.py), ported line for line.
// Run: npx tsx examples/port-keras/two-inputs.ts
import { pathToFileURL } from "node:url";
import { item, py, slice, tuple } from "tsreticulate";

process.env.KERAS_BACKEND = "torch";
const keras = py.import("keras", { convert: false });
const np = py.import("numpy", { convert: false });
const layers = keras.layers;

export function buildModel() {
  const image_input = keras.Input({ shape: tuple(32, 32, 3), name: "image" });
  const meta_input = keras.Input({ shape: tuple(8), name: "meta" });
  let x = layers.Conv2D(16, 3, { activation: "relu" })(image_input);
  x = layers.GlobalAveragePooling2D()(x);
  const y = layers.Dense(16, { activation: "relu" })(meta_input);
  const merged = layers.Concatenate()([x, y]);
  const output = layers.Dense(1, { activation: "sigmoid", name: "label" })(merged);
  return keras.Model({ inputs: [image_input, meta_input], outputs: output });
}

export async function main(): Promise<void> {
  const model = buildModel();
  await model.summary();
  model.compile({ optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"] });
  const images = np.random.rand(128, 32, 32, 3).astype("float32");
  const meta = np.random.rand(128, 8).astype("float32");
  const labels = np.random.randint(0, 2, { size: tuple(128, 1) }).astype("float32");
  await model.fit([images, meta], labels, { batch_size: 32, epochs: 2, verbose: 2 });
  const first4 = slice(null, 4); // Python's [:4]
  const predictions = await model.predict([item(images, first4), item(meta, first4)], { verbose: 0 });
  console.log("Predictions:", predictions.shape);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
  await py.shutdown();
}
