// Measurement 5 through the bridge: the workshop's model (Flatten -> Dense 32 relu -> Dense 1 sigmoid, SGD,
// batch 64) trained 3 epochs on 10,000 random images made in TypeScript; bench/python/training.py runs the
// same steps without the bridge. Same protocol as that script: a one-epoch warm-up, "@@ready", then one timed
// fit per "fit" line on stdin ("@@fit <ms>"), until "quit".
import { NDArray, py, tuple } from "../../dist/index.js";
import { LineReader } from "../lib/lines.js";
import { IMAGES_ELEMENTS, IMAGES_SHAPE } from "../lib/sizes.js";

process.env.KERAS_BACKEND = "torch";
const keras = py.import("keras", { convert: false });
const torch = py.import("torch", { convert: false });

const pixels = new Float32Array(IMAGES_ELEMENTS);
for (let i = 0; i < pixels.length; i++) pixels[i] = Math.random();
const labels = new Float32Array(IMAGES_SHAPE[0]);
for (let i = 0; i < labels.length; i++) labels[i] = Math.random() < 0.5 ? 1 : 0;
const x = torch.tensor(new NDArray(pixels, IMAGES_SHAPE), { dtype: torch.float32 });
const y = torch.tensor(labels, { dtype: torch.float32 });

async function fit(seed: number, epochs: number): Promise<number> {
  keras.utils.set_random_seed(seed);
  const input = keras.Input(tuple(32, 32, 3));
  let h = keras.layers.Flatten()(input);
  h = keras.layers.Dense(32, { activation: "relu" })(h);
  const output = keras.layers.Dense(1, { activation: "sigmoid" })(h);
  const model = keras.Model(input, output);
  model.compile({ loss: "binary_crossentropy", optimizer: "sgd", metrics: ["accuracy"] });
  await model.summary; // everything before the fit has run: only the fit is timed
  const t0 = performance.now();
  await model.fit({ x, y, epochs, batch_size: 64, verbose: 0 });
  return performance.now() - t0;
}

await fit(0, 1);
process.stdout.write("@@ready\n");
const commands = new LineReader(process.stdin);
for (let run = 1; (await commands.next()) === "fit"; run++) process.stdout.write(`@@fit ${await fit(run, 3)}\n`);
await py.shutdown();
process.exit(0);
