// `npm run gen:types` output is committed: regenerating from the installed Keras must give the same files.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateKerasTypes, generatedDir } from "../../scripts/keras-types/gen-types.js";

const outDir = mkdtempSync(join(tmpdir(), "tsreticulate-keras-types-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("gen:types", () => {
  it("regenerates exactly the committed declarations", async () => {
    await generateKerasTypes(outDir);
    const fresh = readdirSync(outDir).sort();
    const committed = readdirSync(generatedDir).filter((f) => f.endsWith(".ts")).sort();
    expect(committed).toEqual(fresh);
    for (const file of fresh) {
      // A difference means Keras changed or the generator did: run `npm run gen:types` and commit.
      expect(readFileSync(join(generatedDir, file), "utf8"), file).toBe(readFileSync(join(outDir, file), "utf8"));
    }
  });

  it("covers Keras' public API", () => {
    const keras = readFileSync(join(generatedDir, "keras.d.ts"), "utf8");
    for (const name of ["Input", "Model", "Sequential", "layers", "optimizers", "losses", "metrics", "callbacks",
      "activations", "initializers", "regularizers", "ops", "utils"]) {
      expect(keras).toMatch(new RegExp(`^  ${name}[:(]`, "m"));
    }
    const layers = readFileSync(join(generatedDir, "layers.d.ts"), "utf8");
    for (const layer of ["Dense", "Flatten", "Dropout", "Concatenate", "GaussianNoise", "BatchNormalization",
      "Conv2D", "MaxPooling2D"]) {
      // An alias (MaxPooling2D is MaxPool2D) names the class declared once.
      expect(layers).toMatch(new RegExp(`^  ${layer}: \\w+Class;$`, "m"));
    }
    const models = readFileSync(join(generatedDir, "models.d.ts"), "utf8");
    for (const method of ["summary", "compile", "fit", "evaluate", "predict", "save"]) {
      expect(models).toMatch(new RegExp(`^  ${method}\\(`, "m"));
    }
    expect(layers).toContain("export interface DenseClass extends T.PyBase {");
    expect(readFileSync(join(generatedDir, "names.d.ts"), "utf8")).toContain('| "relu"');
  });
});
