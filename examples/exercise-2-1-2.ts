// Workshop 2.1, exercises 2.1.2: wider, deeper and regularised multilayer perceptrons, trained with SGD,
// compared with exercise 2.1.1's scikit-learn models in one table (printed, and saved as exercise-2-1-2.md
// in the output folder). EPOCHS (default 100, as the exercise) and SEED (default 1); POOL (none, local, ray)
// and WORKERS (2) train the networks side by side on a pool of processes or of Ray actors (docs/ray.md).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { kerasCallback, py, toJs, toPy, tuple, type Bridge, type NDArray, type ModuleOf } from "tsreticulate";
import { envChoice, envInteger, loadCatAndDog, markdownTable, mean, outputPath, sd, standardise } from "tsreticulate/workshop";

const epochs = envInteger("EPOCHS", 100);
const seed = envInteger("SEED", 1);

// The table compares with exercise 2.1.1's models: run that exercise first if its results are not there.
const sklearnResults = outputPath("exercise-2-1-1.json");
if (!existsSync(sklearnResults)) {
  console.log("exercise 2.1.1's results are not in the output folder yet: running it first");
  await import(new URL("./exercise-2-1-1.ts", import.meta.url).href);
}

process.env.KERAS_BACKEND = "torch";
// POOL: unset, the six networks one after the other in this script's Python process; "local", on a pool of
// WORKERS local processes; "ray", on a pool of WORKERS Ray actors (a local Ray started for the run, or the
// cluster RAY_ADDRESS names; RAY_CPUS is each actor's num_cpus). Same seeds, same networks either way.
const poolKind = envChoice("POOL", ["none", "local", "ray"]);
const workers = envInteger("WORKERS", 2);

// 1. The training and test arrays, standardised with the training mean and sd (in TypeScript: NDArrays that
// go to whichever process trains).
const catAndDog = loadCatAndDog();
const xTrainMean = mean(catAndDog.x_train);
const xTrainSd = sd(catAndDog.x_train);
const xTrainStd = standardise(catAndDog.x_train, xTrainMean, xTrainSd);
const xTestStd = standardise(catAndDog.x_test, xTrainMean, xTrainSd);

// 7. ...and the first 50 principal components of the same pixels (scikit-learn, in this script's process).
const pca = py.import("sklearn.decomposition", { convert: false }).PCA({ n_components: 50, random_state: seed });
const pcaTrainStd = await toJs<NDArray>(pca.fit_transform(toPy(xTrainStd.reshape(-1, 3072))));
const pcaTestStd = await toJs<NDArray>(pca.transform(toPy(xTestStd.reshape(-1, 3072))));

/** Input -> (Flatten) -> Dense(units, relu) [-> Dropout] for each hidden layer -> Dense(1, sigmoid). */
function mlp(keras: ModuleOf<"keras">, inputShape: ReturnType<typeof tuple>, hidden: number[], dropout: number) {
  const input = keras.Input(inputShape);
  let h = keras.layers.Flatten()(input);
  for (const units of hidden) {
    h = keras.layers.Dense(units, { activation: "relu" })(h);
    if (dropout > 0) h = keras.layers.Dropout(dropout)(h);
  }
  const output = keras.layers.Dense(1, { activation: "sigmoid" })(h);
  return keras.Model(input, output);
}

const image = tuple(32, 32, 3);
const experiments = [
  { name: "64 units", shape: image, hidden: [64], dropout: 0, data: "pixels" },
  { name: "64 units, dropout 0.3", shape: image, hidden: [64], dropout: 0.3, data: "pixels" },
  { name: "256 units, dropout 0.3", shape: image, hidden: [256], dropout: 0.3, data: "pixels" },
  { name: "2 x 256 units, dropout 0.3", shape: image, hidden: [256, 256], dropout: 0.3, data: "pixels" },
  { name: "3 x 256 units, dropout 0.3", shape: image, hidden: [256, 256, 256], dropout: 0.3, data: "pixels" },
  { name: "256 units, dropout 0.3, on 50 PCs", shape: tuple(50), hidden: [256], dropout: 0.3, data: "pca" },
] as const;
type Experiment = (typeof experiments)[number];

// A line every tenth of the training instead of Keras' hundred lines per model.
const every = Math.max(1, Math.round(epochs / 10));

/** Trains one network in the Python process of `bridge`; returns its train and test accuracies. */
async function train(bridge: Bridge, e: Experiment): Promise<[number, number]> {
  const keras = bridge.import("keras", { convert: false });
  const torch = bridge.import("torch", { convert: false });
  const tensor = (a: NDArray) => torch.tensor(a, { dtype: torch.float32 });
  const [trainX, testX] = e.data === "pca" ? [tensor(pcaTrainStd), tensor(pcaTestStd)] : [tensor(xTrainStd), tensor(xTestStd)];
  const [y, yTest] = [tensor(catAndDog.y_train), tensor(catAndDog.y_test)];
  keras.utils.set_random_seed(seed); // each model starts from the same seed
  const model = mlp(keras, e.shape, [...e.hidden], e.dropout);
  model.compile({ loss: "binary_crossentropy", optimizer: "sgd", metrics: ["accuracy"] });
  console.log(`${e.name} (${(await model.count_params()).toLocaleString("en")} parameters), ${epochs} epochs`);
  const progress = kerasCallback(
    {
      on_epoch_end: (epoch, logs) => {
        if ((epoch + 1) % every === 0) console.log(`  ${e.name}: epoch ${epoch + 1}/${epochs}: accuracy ${logs.accuracy?.toFixed(4)}, loss ${logs.loss?.toFixed(4)}`);
      },
    },
    { bridge },
  );
  const started = Date.now();
  await model.fit({ x: trainX, y, epochs, batch_size: 64, verbose: 0, callbacks: [progress] });
  const [, trainAccuracy] = (await model.evaluate(trainX, y, { verbose: 0 })) as number[];
  const [, testAccuracy] = (await model.evaluate(testX, yTest, { verbose: 0 })) as number[];
  console.log(`  ${e.name}: train ${trainAccuracy!.toFixed(4)}, test ${testAccuracy!.toFixed(4)} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  return [trainAccuracy!, testAccuracy!];
}

const runStarted = Date.now();
let accuracies: [number, number][];
if (poolKind === "none") {
  accuracies = [];
  for (const e of experiments) accuracies.push(await train(py, e));
} else {
  const rayAddress = process.env.RAY_ADDRESS || undefined;
  const pool =
    poolKind === "ray"
      ? py.pool(workers, { ray: { num_cpus: Number(process.env.RAY_CPUS || 1), ...(rayAddress ? { address: rayAddress } : {}) } })
      : py.pool(workers);
  try {
    const settled = await pool.map(experiments, (e, worker) => train(worker, e));
    accuracies = settled.map((r, i) => {
      if (r.status === "rejected") throw new Error(`${experiments[i]!.name} failed: ${String(r.reason)}`, { cause: r.reason });
      return r.value;
    });
  } finally {
    await pool.shutdown();
  }
}
console.log(`six networks: ${((Date.now() - runStarted) / 1000).toFixed(1)} s (${poolKind === "none" ? "one process" : `a ${poolKind} pool of ${workers}`})`);
const rows: Record<string, string | number | null>[] = experiments.map((e, i) => ({
  model: `MLP ${e.name}`,
  "train accuracy": accuracies[i]![0],
  "test accuracy": accuracies[i]![1],
}));

// 8. All of them next to the scikit-learn models of exercise 2.1.1.
for (const r of JSON.parse(readFileSync(sklearnResults, "utf8")) as { model: string; features: string; "test accuracy": number }[]) {
  rows.push({ model: `${r.model} (${r.features})`, "train accuracy": null, "test accuracy": r["test accuracy"] });
}
const table = markdownTable(rows, { digits: 4 });
console.log(`\n${table}`);
writeFileSync(
  outputPath("exercise-2-1-2.md"),
  `# Exercise 2.1.2: multilayer perceptrons and scikit-learn models\n\n${epochs} epochs of SGD, batch 64, seed ${seed}.\n\n${table}`,
);

await py.shutdown();
