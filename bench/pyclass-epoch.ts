// What a live pyClass method costs per `fit` epoch, against the same layer recorded and against Keras' own Dense:
// the workshop MLP (examples/cat-dog-mlp.ts: Flatten -> Dense(32, relu) -> Dense(1, sigmoid), SGD, batch 64, the
// 10,000 CIFAR-10 cat and dog training images) with its hidden layer written in TypeScript. Rounds interleave the
// three models, so that load on the machine falls on all of them alike; each round trains each model one epoch.
// Besides wall time it reports CPU time (Node's and the Python process', from /proc), which the load of other
// processes on a shared machine disturbs far less than wall time.
// Run: npx tsx bench/pyclass-epoch.ts   (ROUNDS, default 5)
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { py, pyClass, tuple, type PyObject } from "../src/index.js";
import { envInteger, loadCatAndDog, mean, sd, standardise } from "../src/workshop/index.js";

process.env.KERAS_BACKEND = "torch";
const keras = py.import("keras", { convert: false });
const torch = py.import("torch", { convert: false });
const ops = keras.ops;
const rounds = envInteger("ROUNDS", 5);

/** Keras' Dense(units, activation="relu"), written in TypeScript; live by default. */
class LiveDense extends pyClass(keras.layers.Layer) {
  constructor(units: number) {
    super();
    this.units = units;
  }
  build(input_shape: PyObject) {
    this.w = this.add_weight({ shape: tuple(input_shape[-1], this.units), initializer: "glorot_uniform" });
    this.b = this.add_weight({ shape: tuple(this.units), initializer: "zeros" });
  }
  override call(inputs: PyObject) {
    return keras.activations.relu(ops.add(ops.matmul(inputs, this.w), this.b));
  }
}

/** The same layer with `call` recorded: replayed by Python, no round trip to TypeScript per batch. */
class RecordedDense extends LiveDense {
  static override recorded = ["call"];
}

function model(hidden: () => PyObject): PyObject {
  keras.utils.set_random_seed(1);
  const input = keras.Input(tuple(32, 32, 3));
  let x = keras.layers.Flatten()(input);
  x = hidden()(x);
  const output = keras.layers.Dense(1, { activation: "sigmoid" })(x);
  const m = keras.Model(input, output);
  m.compile({ loss: "binary_crossentropy", optimizer: "sgd", metrics: ["accuracy"] });
  return m;
}

const catAndDog = loadCatAndDog();
const xTrain = torch.tensor(standardise(catAndDog.x_train, mean(catAndDog.x_train), sd(catAndDog.x_train)), { dtype: torch.float32 });
const yTrain = torch.tensor(catAndDog.y_train, { dtype: torch.float32 });
const batches = Math.ceil(catAndDog.x_train.shape[0]! / 64);

const models: Record<string, PyObject> = {
  "Keras Dense": model(() => keras.layers.Dense(32, { activation: "relu" })),
  "pyClass, recorded call": model(() => new RecordedDense(32)),
  "pyClass, live call": model(() => new LiveDense(32)),
};
const times: Record<string, number[]> = Object.fromEntries(Object.keys(models).map((k) => [k, []]));
const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(models).map((k) => [k, []]));
const pid = await py.pid();

/** CPU milliseconds used so far by Node and by the Python process (utime + stime, in clock ticks of 10 ms). */
function cpuMs(): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const python = (Number(fields[11]) + Number(fields[12])) * 10;
  const node = process.cpuUsage();
  return python + (node.user + node.system) / 1000;
}

for (const m of Object.values(models)) await m.fit({ x: xTrain, y: yTrain, epochs: 1, batch_size: 64, verbose: 0 }); // warm-up
for (let r = 0; r < rounds; r++) {
  for (const [name, m] of Object.entries(models)) {
    const start = performance.now();
    const startCpu = cpuMs();
    await m.fit({ x: xTrain, y: yTrain, epochs: 1, batch_size: 64, verbose: 0 });
    times[name]!.push(performance.now() - start);
    cpu[name]!.push(cpuMs() - startCpu);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`${batches} batches per epoch, ${rounds} rounds; medians per epoch (min - max) in ms, and per batch over Keras' Dense`);
for (const [what, table] of [["wall", times], ["CPU, Node + Python", cpu]] as const) {
  const base = median(table["Keras Dense"]!);
  console.log(what);
  for (const [name, ts] of Object.entries(table)) {
    const m = median(ts);
    console.log(`  ${name.padEnd(24)} ${m.toFixed(0).padStart(6)} (${Math.min(...ts).toFixed(0)} - ${Math.max(...ts).toFixed(0)})  ${((m - base) / batches).toFixed(2).padStart(6)} ms/batch`);
  }
}

// The layer alone, called by a Python loop on one batch: what one live call costs over a replay.
const callLoop = py.eval("lambda layer, x, n: [layer(x) for _ in range(n)] and None");
const batch = xTrain.reshape(-1, 3072).__getitem__(py.builtins.slice(0, 64));
const calls = 200;
const layers: Record<string, PyObject> = { "pyClass, recorded call": new RecordedDense(32), "pyClass, live call": new LiveDense(32) };
const perCall: Record<string, number[]> = Object.fromEntries(Object.keys(layers).map((k) => [k, []]));
for (const layer of Object.values(layers)) await callLoop(layer, batch, 5); // builds, records
for (let r = 0; r < rounds; r++) {
  for (const [name, layer] of Object.entries(layers)) {
    const startCpu = cpuMs();
    await callLoop(layer, batch, calls);
    perCall[name]!.push((cpuMs() - startCpu) / calls);
  }
}
console.log(`one call of the layer from Python, ${calls} calls x ${rounds} rounds: median CPU ms per call (Node + Python)`);
for (const [name, ts] of Object.entries(perCall)) console.log(`  ${name.padEnd(24)} ${median(ts).toFixed(3)}`);
await py.shutdown();
