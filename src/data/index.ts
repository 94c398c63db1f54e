// The workshop's data sets.
export { loadCatAndDog, catAndDogFolder, sampleImagesFolder, type CatAndDog, type LoadCatAndDogOptions } from "./cat-and-dog.js";
export { loadCifar10, type Cifar10 } from "./cifar10.js";
export { DataFileError, type DataFileProblem } from "./verify.js";
