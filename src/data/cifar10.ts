// The full CIFAR-10, for those who have downloaded its binary version (cifar-10-binary.tar.gz from
// https://www.cs.toronto.edu/~kriz/cifar.html), in the same form as loadCatAndDog's.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RECORD_BYTES, decodeRecords } from "./cifar-records.js";
import type { CatAndDog } from "./cat-and-dog.js";
import { readVerified } from "./verify.js";

export type Cifar10 = CatAndDog;

const BATCH_RECORDS = 10_000;
const TRAIN_BATCHES = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];
const TEST_BATCH = "test_batch.bin";
const DEFAULT_CLASS_NAMES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

/**
 * Reads CIFAR-10's binary batches from `folder` (the extracted `cifar-10-batches-bin`, or the folder that
 * holds it): 50,000 training and 10,000 test images as uint8 [N, 32, 32, 3], labels 0 to 9.
 */
export function loadCifar10(folder: string): Cifar10 {
  if (typeof folder !== "string" || folder.length === 0) {
    throw new TypeError(`loadCifar10() takes the folder holding CIFAR-10's binary batches, got ${JSON.stringify(folder)}`);
  }
  const nested = join(folder, "cifar-10-batches-bin");
  const dir = !existsSync(join(folder, TEST_BATCH)) && existsSync(join(nested, TEST_BATCH)) ? nested : folder;
  const remedy =
    "Download and extract CIFAR-10's binary version (cifar-10-binary.tar.gz, https://www.cs.toronto.edu/~kriz/cifar.html).";
  const read = (name: string) => {
    const path = join(dir, name);
    return { path, data: readVerified({ path, bytes: BATCH_RECORDS * RECORD_BYTES, remedy }) };
  };
  const train = decodeRecords(TRAIN_BATCHES.map(read), 10);
  const test = decodeRecords([read(TEST_BATCH)], 10);
  return { x_train: train.x, y_train: train.y, x_test: test.x, y_test: test.y, class_names: classNames(dir) };
}

function classNames(dir: string): string[] {
  const meta = join(dir, "batches.meta.txt");
  if (!existsSync(meta)) return DEFAULT_CLASS_NAMES;
  const names = readFileSync(meta, "utf8").split("\n").map((l) => l.trim()).filter(Boolean);
  return names.length === 10 ? names : DEFAULT_CLASS_NAMES;
}
