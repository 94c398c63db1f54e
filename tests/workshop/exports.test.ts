// The package's two entry points: "tsreticulate" (the bridge and the typed Keras/torchvision layer) and
// "tsreticulate/workshop" (the workshop's data, plots, report tables, run settings and statistics), checked
// in the source and in the built package as a user's import and as tslab's require() load it.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import * as workshop from "../../src/workshop/index.js";

const packageRoot = resolve(import.meta.dirname, "..", "..");
const workshopNames = ["loadCatAndDog", "loadCifar10", "sampleImagesFolder", "plotRgb", "wrapPlots", "figurePng", "markdownTable", "outputPath", "envInteger", "mean", "sd", "standardise"];

describe("the package's entry points", () => {
  it("the root has the bridge and the typed layer, not the workshop's helpers", () => {
    for (const name of ["py", "Bridge", "NDArray", "tuple", "pyClass", "kerasCallback", "defaultDevice"]) expect(root).toHaveProperty(name);
    for (const name of workshopNames) expect(root).not.toHaveProperty(name);
  });

  it("tsreticulate/workshop has the workshop's helpers", () => {
    for (const name of workshopNames) expect(workshop).toHaveProperty(name);
  });
});

describe("the built package", { timeout: 600_000 }, () => {
  beforeAll(async () => {
    const build = await execa("npm", ["run", "build"], { cwd: packageRoot, reject: false, all: true });
    if (build.exitCode !== 0) throw new Error(`npm run build failed:\n${build.all}`);
  }, 600_000);

  it("has both entry points in dist/", () => {
    expect(existsSync(join(packageRoot, "dist", "index.js"))).toBe(true);
    expect(existsSync(join(packageRoot, "dist", "workshop", "index.js"))).toBe(true);
    expect(existsSync(join(packageRoot, "dist", "workshop", "index.d.ts"))).toBe(true);
  });

  // One NDArray class for both entries (esbuild's shared chunk): the workshop's arrays pass the root's checks.
  const check = `
    const { NDArray, isNDArray, py } = tsr;
    const { loadCatAndDog, mean } = workshop;
    const data = loadCatAndDog();
    if (!(data.x_test instanceof NDArray) || !isNDArray(data.y_test)) throw new Error("two NDArray classes");
    if (typeof py.import !== "function" || !(mean(data.y_test) > 0)) throw new Error("incomplete exports");
    console.log("ok", data.x_test.shape.join("x"));
  `;

  it("resolves tsreticulate/workshop by import, as an ES module user's code does", async () => {
    const code = `const tsr = await import("tsreticulate"); const workshop = await import("tsreticulate/workshop");${check}`;
    const r = await execa(process.execPath, ["--input-type=module", "-e", code], { cwd: packageRoot, reject: false, all: true });
    expect(r.all).toBe("ok 2000x32x32x3");
  });

  it("resolves tsreticulate/workshop by require(), as tslab's cells do", async () => {
    const code = `const tsr = require("tsreticulate"); const workshop = require("tsreticulate/workshop");${check}`;
    const r = await execa(process.execPath, ["--input-type=commonjs", "-e", code], { cwd: packageRoot, reject: false, all: true });
    expect(r.all).toBe("ok 2000x32x32x3");
  });
});
