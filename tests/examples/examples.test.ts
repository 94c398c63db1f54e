// Every example, run as `npm run example -- NAME` runs it, with small epoch counts: each must exit 0, print
// what its slide shows, and write valid PNGs of the expected size.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { pngSize } from "../../src/workshop/index.js";

const root = resolve(import.meta.dirname, "..", "..");
const out = mkdtempSync(join(tmpdir(), "tsreticulate-examples-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function runExample(name: string, env: Record<string, string> = {}) {
  const result = await execa(process.execPath, ["--import", "tsx", "scripts/run-example.ts", name], {
    cwd: root,
    env: { TSRETICULATE_OUT: out, SEED: "1", ...env },
    reject: false,
    all: true,
    timeout: 540_000,
  });
  if (result.exitCode !== 0) throw new Error(`example ${name} exited with ${result.exitCode}:\n${result.all}`);
  return result.all;
}

function expectPng(name: string, width: number, height: number): void {
  const file = join(out, name);
  expect(existsSync(file), `${name} was written`).toBe(true);
  expect(pngSize(readFileSync(file))).toEqual({ width, height });
}

describe("the examples", { timeout: 600_000 }, () => {
  it("pixels: shapes, channel order, and a picture of each", async () => {
    const output = await runExample("pixels");
    expect(output).toContain("greyscale: torch.Size([100, 100]), torch.float32");
    expect(output).toContain("channels first: torch.Size([3, 100, 100])");
    expect(output).toContain("a CIFAR-10 image: [32, 32, 3] uint8");
    // three cells of 200 x 200 (100 pixels at scale 2; the cat 32 x 6 = 192, centred) and 4-pixel gaps
    expectPng("pixels.png", 3 * 200 + 4 * 4, 200 + 2 * 4);
  });

  it("image-folder: ImageFolder -> DataLoader -> pyIterableWrapper -> pyFor, channels last", async () => {
    const output = await runExample("image-folder");
    expect(output).toContain("classes: ['cat', 'dog'], 20 images");
    expect(output).toMatch(/Images: torch\.Size\(\[10, 32, 32, 3\]\), torch\.float32, (cpu|cuda:\d|mps:\d)/);
    expect(output).toMatch(/Labels: torch\.Size\(\[10\]\), torch\.float32/);
    expectPng("sample-batch.png", 5 * 128 + 6 * 4, 2 * 128 + 3 * 4);
  });

  it("cat-dog-mlp: the summary, Keras' epoch lines, predictions and accuracies", async () => {
    const output = await runExample("cat-dog-mlp", { EPOCHS: "2" });
    expect(output).toContain("Total params: 98,369 (384.25 KB)");
    expect(output).toMatch(/Epoch 1\/2\n157\/157 - .*accuracy: 0\.\d+ - loss: 0\.\d+\nEpoch 2\/2\n157\/157 - /);
    expect(output).toContain("NDArray(float32, [10000, 1])");
    const accuracy = (split: string) => Number(new RegExp(`${split} +\\[loss, accuracy\\]: \\[ [\\d.]+, ([\\d.]+) \\]`).exec(output)?.[1]);
    expect(accuracy("train")).toBeGreaterThan(0.55); // better than chance after two epochs
    expect(accuracy("test")).toBeGreaterThan(0.55);
  });

  it("exercise-2-1-1: image grid, PCA, four classifiers, ROC curves and the table", async () => {
    const output = await runExample("exercise-2-1-1", { FEATURES: "pca", TREES: "10" });
    expect(output).toMatch(/50 of 3,072 components explain \d+\.\d% of the variance/);
    expectPng("cat-and-dog.png", 4 * 128 + 5 * 4, 4 * 128 + 5 * 4);
    expectPng("pca.png", 600, 500);
    expectPng("roc.png", 600, 600);
    const rows = JSON.parse(readFileSync(join(out, "exercise-2-1-1.json"), "utf8")) as { model: string; "test accuracy": number }[];
    expect(rows.map((r) => r.model)).toEqual(["logistic regression", "LDA", "QDA", "random forest"]);
    for (const r of rows) expect(r["test accuracy"]).toBeGreaterThan(0.55);
    expect(readFileSync(join(out, "exercise-2-1-1.md"), "utf8")).toContain("| QDA ");
  });

  it("exercise-2-1-2: six MLPs compared with the scikit-learn models, in markdown", async () => {
    const output = await runExample("exercise-2-1-2", { EPOCHS: "1" });
    expect(output).toContain("3 x 256 units, dropout 0.3 (918,529 parameters), 1 epochs");
    const table = readFileSync(join(out, "exercise-2-1-2.md"), "utf8");
    expect(table.match(/^\| MLP /gm)).toHaveLength(6);
    expect(table).toContain("| random forest (50 PCs)");
    expect(output).toContain(table.split("\n").slice(4).join("\n").trim()); // the printed table is the saved one
  });

  it("a bad setting stops an example before it starts, naming the variable", async () => {
    const result = await execa(process.execPath, ["--import", "tsx", "scripts/run-example.ts", "cat-dog-mlp"], {
      cwd: root,
      env: { EPOCHS: "five" },
      reject: false,
      all: true,
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toContain('EPOCHS must be a positive integer, got "five"');
  });

  it("an unknown example name lists the examples", async () => {
    const result = await execa(process.execPath, ["--import", "tsx", "scripts/run-example.ts", "nope"], { cwd: root, reject: false, all: true });
    expect(result.exitCode).toBe(2);
    expect(result.all).toContain('no example named "nope"');
    for (const name of ["cat-dog-mlp", "exercise-2-1-1", "exercise-2-1-2", "image-folder", "pixels"]) expect(result.all).toContain(name);
  });
});
