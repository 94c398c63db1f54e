// The workshop's data: CIFAR-10's cats and dogs, shipped in the data package (data/ in the repository) and
// checked against the sizes and checksums published in data/cifar10-cat-dog/README.md.
import { join } from "node:path";
import type { NDArray } from "../bridge/wire/ndarray.js";
import { RECORD_BYTES, decodeRecords } from "./cifar-records.js";
import { dataPackageFolder, dataPackageRemedy } from "./data-package.js";
import { readVerified } from "./verify.js";

export interface CatAndDog {
  /** uint8 [10000, 32, 32, 3], channels last. */
  x_train: NDArray<Uint8Array>;
  /** uint8 [10000]: 0 = cat, 1 = dog. */
  y_train: NDArray<Uint8Array>;
  /** uint8 [2000, 32, 32, 3]. */
  x_test: NDArray<Uint8Array>;
  /** uint8 [2000]. */
  y_test: NDArray<Uint8Array>;
  /** The label names, by label: ["cat", "dog"]. */
  class_names: readonly string[];
}

export interface LoadCatAndDogOptions {
  /** The folder holding train.bin and test.bin; the data package's cifar10-cat-dog/ by default. */
  folder?: string;
}

/** The shipped CIFAR-10 cat/dog files (train.bin, test.bin), in the data package. */
export const catAndDogFolder = join(dataPackageFolder, "cifar10-cat-dog");

/**
 * The workshop's ImageFolder tree (cat/, dog/: ten 32x32 PNGs each), as an absolute path: the workshop's
 * `here::here("data/sample_images")`, valid from any working folder (a notebook runs in its own).
 */
export const sampleImagesFolder = join(dataPackageFolder, "sample_images");

// From data/cifar10-cat-dog/README.md.
const FILES = {
  train: { name: "train.bin", records: 10_000, sha256: "166b506e2a9fb29d140099ad58d17b0d4ebdcbbe3d777dcb7be4ca92d7fc650c" },
  test: { name: "test.bin", records: 2_000, sha256: "8a89ea4f2bcc851c609c75994ef0e286ddeaa53c5050e630f2462f929485951e" },
} as const;

/** The CIFAR-10 cat and dog images: 10,000 for training, 2,000 for testing, labels 0 = cat, 1 = dog. */
export function loadCatAndDog(options: LoadCatAndDogOptions = {}): CatAndDog {
  if (options.folder !== undefined && typeof options.folder !== "string") {
    throw new TypeError(`loadCatAndDog(): folder must be a path string, got ${typeof options.folder}`);
  }
  const folder = options.folder ?? catAndDogFolder;
  const split = (f: (typeof FILES)[keyof typeof FILES]) => {
    const path = join(folder, f.name);
    const data = readVerified({ path, bytes: f.records * RECORD_BYTES, sha256: f.sha256, remedy: dataPackageRemedy });
    return decodeRecords([{ path, data }], 2);
  };
  const train = split(FILES.train);
  const test = split(FILES.test);
  return { x_train: train.x, y_train: train.y, x_test: test.x, y_test: test.y, class_names: ["cat", "dog"] };
}
