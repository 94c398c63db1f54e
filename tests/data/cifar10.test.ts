// loadCifar10 on a folder laid out as CIFAR-10's binary version. The full data set is not shipped: the
// batches here are the shipped cat/dog training file, which has exactly one batch's size (10,000 records).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { catAndDogFolder, loadCatAndDog, loadCifar10 } from "../../src/workshop/index.js";

const root = mkdtempSync(join(tmpdir(), "tsreticulate-cifar10-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fakeCifar(folder: string, names: string[]): void {
  mkdirSync(folder, { recursive: true });
  for (const name of names) symlinkSync(join(catAndDogFolder, "train.bin"), join(folder, name));
}
const ALL = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"];

describe("loadCifar10", () => {
  it("reads five training batches and the test batch, channels last, from the extracted folder or its parent", () => {
    fakeCifar(join(root, "cifar-10-batches-bin"), ALL);
    writeFileSync(join(root, "cifar-10-batches-bin", "batches.meta.txt"), "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n");
    const data = loadCifar10(root);
    expect(data.x_train.shape).toEqual([50000, 32, 32, 3]);
    expect(data.y_train.shape).toEqual([50000]);
    expect(data.x_test.shape).toEqual([10000, 32, 32, 3]);
    expect(data.class_names).toEqual(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]);
    const catDog = loadCatAndDog();
    // batch 3 starts at image 20,000 and holds the same records as the cat/dog train file
    expect(Array.from(data.x_train.data.subarray(20000 * 3072, 20001 * 3072))).toEqual(Array.from(catDog.x_train.data.subarray(0, 3072)));
    expect(data.y_test.get(17)).toBe(catDog.y_train.get(17));
  });

  it("names the missing batch", () => {
    const folder = join(root, "partial");
    fakeCifar(folder, ALL.filter((n) => n !== "data_batch_4.bin"));
    expect(() => loadCifar10(folder)).toThrow(/data_batch_4\.bin is missing\. Download and extract CIFAR-10's binary version/);
  });

  it("refuses a folder that is not a path", () => {
    expect(() => loadCifar10(undefined as unknown as string)).toThrow(/takes the folder holding CIFAR-10's binary batches/);
  });
});
