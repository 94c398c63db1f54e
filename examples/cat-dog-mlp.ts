// Workshop 2.1, "Keras": the first neural network, a multilayer perceptron telling cats from dogs in
// CIFAR-10. `npm run workshop` runs this file. EPOCHS (default 5, as the slides) and SEED (default 1) are
// read from the environment.
import { py, tuple } from "tsreticulate";
import { envInteger, loadCatAndDog, mean, sd, standardise } from "tsreticulate/workshop";

const epochs = envInteger("EPOCHS", 5);
const seed = envInteger("SEED", 1);

// 1. Set the Keras backend to PyTorch, then import Keras without converting its objects to JS.
process.env.KERAS_BACKEND = "torch";
const keras = py.import("keras", { convert: false });
const torch = py.import("torch", { convert: false });
keras.utils.set_random_seed(seed); // same weights and batches on every run

// 2. Input (H, W, C) -> Flatten -> Dense(32, relu) -> Dense(1, sigmoid).
const input = keras.Input(tuple(32, 32, 3));
let x = keras.layers.Flatten()(input);
x = keras.layers.Dense(32, { activation: "relu" })(x);
const output = keras.layers.Dense(1, { activation: "sigmoid" })(x);
const model = keras.Model(input, output);

// "Keras model summary": 3072 x 32 + 32 = 98,336 and 32 x 1 + 1 = 33 parameters.
await model.summary();

// "Compile keras model": loss, optimiser and the metric to report.
model.compile({ loss: "binary_crossentropy", optimizer: "sgd", metrics: ["accuracy"] });

// "Prepare training data": standardise with the training set's mean and sd, then float32 tensors.
const catAndDog = loadCatAndDog();
const xTrainMean = mean(catAndDog.x_train);
const xTrainSd = sd(catAndDog.x_train);
const xTrain = torch.tensor(standardise(catAndDog.x_train, xTrainMean, xTrainSd), { dtype: torch.float32 });
const yTrain = torch.tensor(catAndDog.y_train, { dtype: torch.float32 });
const xTest = torch.tensor(standardise(catAndDog.x_test, xTrainMean, xTrainSd), { dtype: torch.float32 });
const yTest = torch.tensor(catAndDog.y_test, { dtype: torch.float32 });

// "Train Keras model": Keras prints one line per epoch as it goes.
await model.fit({ x: xTrain, y: yTrain, epochs, batch_size: 64, verbose: 2 });

// "Evaluate keras model": predicted probabilities of "dog", then [loss, accuracy] on train and test.
console.log(await model.predict(xTrain, { verbose: 0 }));
console.log("train [loss, accuracy]:", await model.evaluate(xTrain, yTrain, { verbose: 0 }));
console.log("test  [loss, accuracy]:", await model.evaluate(xTest, yTest, { verbose: 0 }));

await py.shutdown();
