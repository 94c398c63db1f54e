// Workshop 2.1, exercises 2.1.1: look at the cats and dogs, run PCA, and fit the classic classifiers
// (logistic regression, LDA, QDA, random forest) with scikit-learn, compared by test accuracy and ROC curves.
// Writes cat-and-dog.png, pca.png, roc.png, exercise-2-1-1.md and exercise-2-1-1.json (read by exercise
// 2.1.2) to the output folder. FEATURES=pca fits the classifiers on 50 principal components instead of the
// 3,072 pixels (seconds instead of minutes); TREES (default 500) sizes the forest; SEED (default 1).
import { writeFileSync } from "node:fs";
import { item, py, slice, toPy, tuple } from "tsreticulate";
import {
  envChoice,
  envInteger,
  figurePng,
  loadCatAndDog,
  markdownTable,
  mean,
  outputPath,
  plotRgb,
  sd,
  standardise,
  wrapPlots,
} from "tsreticulate/workshop";

const features = envChoice("FEATURES", ["pixels", "pca"]);
const trees = envInteger("TREES", 500);
const seed = envInteger("SEED", 1);

const catAndDog = loadCatAndDog();

// 1. Visualise the images: map(1:16, \(i) plot_rgb(x_train[i, , , ])) |> wrap_plots()
const grid = wrapPlots(Array.from({ length: 16 }, (_, i) => plotRgb(catAndDog.x_train.at(i))), { ncol: 4 });
console.log(`wrote ${grid.save(outputPath("cat-and-dog.png"))}`);

// scikit-learn wants one row per image: standardise as for the network, then flatten to 3,072 columns.
const xTrainMean = mean(catAndDog.x_train);
const xTrainSd = sd(catAndDog.x_train);
const xTrain = toPy(standardise(catAndDog.x_train, xTrainMean, xTrainSd).reshape(-1, 32 * 32 * 3));
const xTest = toPy(standardise(catAndDog.x_test, xTrainMean, xTrainSd).reshape(-1, 32 * 32 * 3));
const yTrain = toPy(catAndDog.y_train);
const yTest = toPy(catAndDog.y_test);

const np = py.import("numpy", { convert: false });
const sklearn = {
  decomposition: py.import("sklearn.decomposition", { convert: false }),
  linear_model: py.import("sklearn.linear_model", { convert: false }),
  discriminant_analysis: py.import("sklearn.discriminant_analysis", { convert: false }),
  ensemble: py.import("sklearn.ensemble", { convert: false }),
  metrics: py.import("sklearn.metrics", { convert: false }),
};
// Figures are rendered to PNG, never to a window.
py.import("matplotlib").use("Agg");
const plt = py.import("matplotlib.pyplot", { convert: false });

// 2. PCA on the training images; the first two components, coloured by class.
const pca = sklearn.decomposition.PCA({ n_components: 50, random_state: seed });
const pcaTrain = pca.fit_transform(xTrain);
const pcaTest = pca.transform(xTest);
const explained = (await pca.explained_variance_ratio_.sum()) as number;
console.log(`PCA: 50 of 3,072 components explain ${(explained * 100).toFixed(1)}% of the variance`);
{
  const fig = plt.figure({ figsize: tuple(6, 5) });
  const ax = plt.gca();
  for (const [label, name] of catAndDog.class_names.entries()) {
    const rows = np.equal(yTrain, label); // a boolean mask, as y_train == label
    ax.scatter(item(pcaTrain, tuple(rows, 0)), item(pcaTrain, tuple(rows, 1)), { s: 2, alpha: 0.4, label: name });
  }
  ax.set_xlabel("PC 1");
  ax.set_ylabel("PC 2");
  ax.legend({ markerscale: 5 });
  console.log(`wrote ${(await figurePng(fig)).save(outputPath("pca.png"))}`);
}

// 3. The classifiers, on the pixels or on the principal components.
const [fitX, testX] = features === "pca" ? [pcaTrain, pcaTest] : [xTrain, xTest];
// lbfgs stops at max_iter on raw pixels before it has converged; the test accuracy is what we compare.
py.import("warnings").filterwarnings("ignore", { category: py.import("sklearn.exceptions").ConvergenceWarning });
const models: Record<string, any> = {
  "logistic regression": sklearn.linear_model.LogisticRegression({ max_iter: 1000 }),
  LDA: sklearn.discriminant_analysis.LinearDiscriminantAnalysis(),
  // Two 3,072 x 3,072 covariances from 5,000 images each are near singular: shrink them (reg_param).
  QDA: sklearn.discriminant_analysis.QuadraticDiscriminantAnalysis({ reg_param: 0.5 }),
  "random forest": sklearn.ensemble.RandomForestClassifier({ n_estimators: trees, n_jobs: -1, random_state: seed }),
};

// 4. Test accuracy and ROC curves, all in one plot.
const rows: { model: string; features: string; "test accuracy": number; AUC: number }[] = [];
const fig = plt.figure({ figsize: tuple(6, 6) });
const ax = plt.gca();
for (const [name, model] of Object.entries(models)) {
  const started = Date.now();
  model.fit(fitX, yTrain);
  const accuracy = (await model.score(testX, yTest)) as number;
  const pDog = item(model.predict_proba(testX), tuple(slice(), 1)); // P(dog) for each test image
  const auc = (await sklearn.metrics.roc_auc_score(yTest, pDog)) as number;
  const roc = sklearn.metrics.roc_curve(yTest, pDog); // (fpr, tpr, thresholds)
  ax.plot(roc[0], roc[1], { label: `${name} (AUC ${auc.toFixed(3)})` });
  console.log(`${name}: test accuracy ${accuracy.toFixed(4)}, AUC ${auc.toFixed(3)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  rows.push({ model: name, features: features === "pca" ? "50 PCs" : "pixels", "test accuracy": accuracy, AUC: auc });
}
ax.plot([0, 1], [0, 1], "k--", { linewidth: 0.8 });
ax.set_xlabel("false positive rate (cats called dogs)");
ax.set_ylabel("true positive rate (dogs found)");
ax.set_title("ROC curves on the 2,000 test images");
ax.legend({ loc: "lower right" });
console.log(`wrote ${(await figurePng(fig)).save(outputPath("roc.png"))}`);

const table = markdownTable(rows, { digits: 3 });
console.log(`\n${table}`);
writeFileSync(outputPath("exercise-2-1-1.md"), `# Exercise 2.1.1: test accuracy\n\n${table}`);
writeFileSync(outputPath("exercise-2-1-1.json"), JSON.stringify(rows, null, 2) + "\n");

await py.shutdown();
