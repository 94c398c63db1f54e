// Workshop 2.1, exercises 2.1.2: wider, deeper and regularised multilayer perceptrons, trained with SGD,
// compared with exercise 2.1.1's scikit-learn models in one table (printed, and saved as exercise-2-1-2.md
// in the output folder). EPOCHS (default 100, as the exercise) and SEED (default 1).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import {
  envInteger,
  kerasCallback,
  loadCatAndDog,
  markdownTable,
  mean,
  outputPath,
  py,
  sd,
  standardise,
  toPy,
  tuple,
} from "tsreticulate";

const epochs = envInteger("EPOCHS", 100);
const seed = envInteger("SEED", 1);

// The table compares with exercise 2.1.1's models: run that exercise first if its results are not there.
const sklearnResults = outputPath("exercise-2-1-1.json");
if (!existsSync(sklearnResults)) {
  console.log("exercise 2.1.1's results are not in the output folder yet: running it first");
  await import(new URL("./exercise-2-1-1.ts", import.meta.url).href);
}

process.env.KERAS_BACKEND = "torch";
const keras = py.import("keras", { convert: false });
const torch = py.import("torch", { convert: false });

// 1. The training and test arrays as torch tensors, standardised with the training mean and sd.
const catAndDog = loadCatAndDog();
const xTrainMean = mean(catAndDog.x_train);
const xTrainSd = sd(catAndDog.x_train);
const xTrainStd = standardise(catAndDog.x_train, xTrainMean, xTrainSd);
const xTestStd = standardise(catAndDog.x_test, xTrainMean, xTrainSd);
const x = torch.tensor(xTrainStd, { dtype: torch.float32 });
const y = torch.tensor(catAndDog.y_train, { dtype: torch.float32 });
const xTest = torch.tensor(xTestStd, { dtype: torch.float32 });
const yTest = torch.tensor(catAndDog.y_test, { dtype: torch.float32 });

// 7. ...and the first 50 principal components of the same pixels, as float32 tensors.
const pca = py.import("sklearn.decomposition", { convert: false }).PCA({ n_components: 50, random_state: seed });
const pcaTrain = torch.tensor(pca.fit_transform(toPy(xTrainStd.reshape(-1, 3072))), { dtype: torch.float32 });
const pcaTest = torch.tensor(pca.transform(toPy(xTestStd.reshape(-1, 3072))), { dtype: torch.float32 });

/** Input -> (Flatten) -> Dense(units, relu) [-> Dropout] for each hidden layer -> Dense(1, sigmoid). */
function mlp(inputShape: ReturnType<typeof tuple>, hidden: number[], dropout: number) {
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
  { name: "64 units", build: () => mlp(image, [64], 0), data: "pixels" },
  { name: "64 units, dropout 0.3", build: () => mlp(image, [64], 0.3), data: "pixels" },
  { name: "256 units, dropout 0.3", build: () => mlp(image, [256], 0.3), data: "pixels" },
  { name: "2 x 256 units, dropout 0.3", build: () => mlp(image, [256, 256], 0.3), data: "pixels" },
  { name: "3 x 256 units, dropout 0.3", build: () => mlp(image, [256, 256, 256], 0.3), data: "pixels" },
  { name: "256 units, dropout 0.3, on 50 PCs", build: () => mlp(tuple(50), [256], 0.3), data: "pca" },
] as const;

// A line every tenth of the training instead of Keras' hundred lines per model.
const every = Math.max(1, Math.round(epochs / 10));
const progress = kerasCallback({
  on_epoch_end: (epoch, logs) => {
    if ((epoch + 1) % every === 0) console.log(`  epoch ${epoch + 1}/${epochs}: accuracy ${logs.accuracy?.toFixed(4)}, loss ${logs.loss?.toFixed(4)}`);
  },
});

const rows: Record<string, string | number | null>[] = [];
for (const e of experiments) {
  keras.utils.set_random_seed(seed); // each model starts from the same seed
  const model = e.build();
  model.compile({ loss: "binary_crossentropy", optimizer: "sgd", metrics: ["accuracy"] });
  const [trainX, testX] = e.data === "pca" ? [pcaTrain, pcaTest] : [x, xTest];
  console.log(`${e.name} (${(await model.count_params()).toLocaleString("en")} parameters), ${epochs} epochs`);
  const started = Date.now();
  await model.fit({ x: trainX, y, epochs, batch_size: 64, verbose: 0, callbacks: [progress] });
  const [, trainAccuracy] = (await model.evaluate(trainX, y, { verbose: 0 })) as number[];
  const [, testAccuracy] = (await model.evaluate(testX, yTest, { verbose: 0 })) as number[];
  console.log(`  train ${trainAccuracy!.toFixed(4)}, test ${testAccuracy!.toFixed(4)} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  rows.push({ model: `MLP ${e.name}`, "train accuracy": trainAccuracy!, "test accuracy": testAccuracy! });
}

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
