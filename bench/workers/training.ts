// The training workload through the bridge, one fresh process per round: the workshop's model (Flatten ->
// Dense 32 relu -> Dense 1 sigmoid, SGD, batch 64) trained 3 epochs on 10,000 random images made in TypeScript,
// after a one-epoch warm-up fit. bench/python/training.py runs the same steps without the bridge, and the
// orchestrator alternates the two. Besides the wall time it reports the CPU time the Python process spent in
// the fit (all its threads, from /proc) and torch's thread count, which the plain script reports too: the
// CPU time says whether the bridge's process does more work, whatever the machine's load did to the wall time.
import { readFileSync } from "node:fs";
import { NDArray, py, tuple } from "../../dist/index.js";
import { report } from "../lib/samples.js";
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
const pid = (await py.pid())!;
const ticksPerSecond = 100; // Linux's USER_HZ, the unit of /proc's CPU times

/** CPU milliseconds of a process so far, all threads, user and system (fields 14 and 15 of /proc/<pid>/stat). */
function cpuMs(of: number): number {
  const fields = readFileSync(`/proc/${of}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
  return ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1000;
}

async function fit(seed: number, epochs: number): Promise<{ ms: number; cpu: number }> {
  keras.utils.set_random_seed(seed);
  const input = keras.Input(tuple(32, 32, 3));
  let h = keras.layers.Flatten()(input);
  h = keras.layers.Dense(32, { activation: "relu" })(h);
  const output = keras.layers.Dense(1, { activation: "sigmoid" })(h);
  const model = keras.Model(input, output);
  model.compile({ loss: "binary_crossentropy", optimizer: "sgd", metrics: ["accuracy"] });
  await model.summary; // everything before the fit has run: only the fit is timed
  const cpu0 = cpuMs(pid);
  const t0 = performance.now();
  await model.fit({ x, y, epochs, batch_size: 64, verbose: 0 });
  const ms = performance.now() - t0;
  return { ms, cpu: cpuMs(pid) - cpu0 };
}

await fit(0, 1);
const { ms, cpu } = await fit(1, 3);
report({ fitMs: [ms], fitCpuMs: [cpu], torchThreads: [(await torch.get_num_threads()) as number] });
await py.shutdown();
process.exit(0);
