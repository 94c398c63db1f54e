// The workshop's data is a package of its own (tsreticulate-workshop-data, the data/ workspace): the library's
// package leaves it out, the data package carries exactly the files the loaders read, and the loaders find it.
import { readFileSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { DataFileError, catAndDogFolder, loadCatAndDog, sampleImagesFolder } from "../../src/workshop/index.js";

const root = resolve(import.meta.dirname, "..", "..");
const dataFolder = join(root, "data");

interface PackResult {
  name: string;
  size: number;
  files: { path: string }[];
}

// --ignore-scripts: the listing only (packing would otherwise run "prepare", a full build).
async function packListing(cwd: string): Promise<PackResult> {
  const r = await execa("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd, reject: false, all: false });
  if (r.exitCode !== 0) throw new Error(`npm pack --dry-run failed in ${cwd}:\n${r.stderr}`);
  return (JSON.parse(r.stdout) as PackResult[])[0]!;
}

describe("the workshop's data package", { timeout: 120_000 }, () => {
  it("is where the loaders read: the data/ workspace", () => {
    expect(catAndDogFolder).toBe(join(dataFolder, "cifar10-cat-dog"));
    expect(sampleImagesFolder).toBe(join(dataFolder, "sample_images"));
    const manifest = JSON.parse(readFileSync(join(dataFolder, "package.json"), "utf8")) as { name: string };
    expect(manifest.name).toBe("tsreticulate-workshop-data");
  });

  it("carries the two CIFAR files, the 20 sample images and the provenance README", async () => {
    const pack = await packListing(dataFolder);
    const files = pack.files.map((f) => f.path).sort();
    expect(files).toContain("cifar10-cat-dog/train.bin");
    expect(files).toContain("cifar10-cat-dog/test.bin");
    expect(files).toContain("cifar10-cat-dog/README.md");
    expect(files.filter((f) => /^sample_images\/(cat|dog)\/.+\.png$/.test(f))).toHaveLength(20);
  });

  it("is not in the library's package", async () => {
    const pack = await packListing(root);
    expect(pack.name).toBe("tsreticulate");
    expect(pack.files.filter((f) => f.path.startsWith("data/") || f.path.endsWith(".bin"))).toEqual([]);
    expect(pack.files.map((f) => f.path)).toContain("python/tsreticulate/server.py");
  });

  it("is named, with how to install it, when a file is missing", () => {
    const err = (() => {
      try {
        loadCatAndDog({ folder: join(root, "no-such-folder") });
      } catch (e) {
        return e as DataFileError;
      }
      throw new Error("loadCatAndDog did not throw");
    })();
    expect(err).toBeInstanceOf(DataFileError);
    expect(err.message).toContain(`no-such-folder${sep}train.bin is missing`);
    expect(err.message).toContain("npm install tsreticulate-workshop-data");
  });
});
