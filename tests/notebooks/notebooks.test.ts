// Every notebook in examples/notebooks/, executed headless by Jupyter's nbconvert with the tslab kernel that
// `npm run notebooks:kernel` installs (installed here too: a fresh CI machine has none), with small epoch
// counts. Fails on any error cell; checks Keras' output and the inline images.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installNotebookKernel, type NotebookKernel } from "../../scripts/notebook-kernel.js";
import { pngSize } from "../../src/workshop/index.js";

const root = resolve(import.meta.dirname, "..", "..");
const notebooksDir = join(root, "examples", "notebooks");
const notebooks = readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb")).sort();
const out = mkdtempSync(join(tmpdir(), "tsreticulate-notebooks-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
}
interface Notebook {
  cells: { cell_type: string; source: string | string[]; outputs?: Output[] }[];
}
const joined = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join("") : (t ?? ""));

let kernel: NotebookKernel;
beforeAll(async () => {
  // tslab runs cells against the built package (dist/), as a user's project would.
  // `npm run build` as a user runs it (it also copies the generated Keras declarations). A type error elsewhere in
  // src/ still emits dist/: the type check is npm test's own step, this test needs the JavaScript.
  const build = await execa("npm", ["run", "build"], { cwd: root, reject: false, all: true });
  if (!existsSync(join(root, "dist", "index.js"))) throw new Error(`npm run build wrote no dist/index.js:\n${build.all}`);
  kernel = await installNotebookKernel();
}, 600_000);

describe("the notebooks", { timeout: 900_000 }, () => {
  it("are there", () => {
    expect(notebooks).toContain("workshop-2.1.ipynb");
  });

  for (const name of notebooks) {
    it(`${name} runs headless without an error cell`, async () => {
      const result = await execa(
        kernel.jupyter,
        ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600", "--output-dir", out, join(notebooksDir, name)],
        {
          cwd: notebooksDir,
          env: {
            EPOCHS: "2",
            EXERCISE_EPOCHS: "1",
            FEATURES: "pca",
            TREES: "10",
            TSRETICULATE_OUT: out,
            PATH: `${kernel.tslabBin}${delimiter}${process.env.PATH ?? ""}`,
          },
          reject: false,
          all: true,
          timeout: 840_000,
        },
      );
      // nbconvert stops at the first failing cell and names it.
      if (result.exitCode !== 0) throw new Error(`nbconvert failed on ${name}:\n${result.all?.split("\n").slice(-40).join("\n")}`);
      const executed = JSON.parse(readFileSync(join(out, name), "utf8")) as Notebook;
      const outputs = executed.cells.flatMap((c) => c.outputs ?? []);
      expect(outputs.filter((o) => o.output_type === "error").map((o) => `${o.ename}: ${o.evalue}`)).toEqual([]);

      const text = outputs.filter((o) => o.output_type === "stream").map((o) => joined(o.text)).join("");
      if (name === "workshop-2.1.ipynb") {
        expect(text).toContain("Images: torch.Size([10, 32, 32, 3]), torch.float32");
        expect(text).toContain("Total params: 98,369 (384.25 KB)");
        expect(text).toMatch(/Epoch 1\/2\n157\/157 - .*accuracy: [\d.]+ - loss: [\d.]+\nEpoch 2\/2\n/); // Keras' progress, in the cell
        expect(text).toContain("NDArray(float32, [10000, 1])");
        const sizes = outputs
          .filter((o) => o.data?.["image/png"])
          .map((o) => pngSize(Buffer.from(joined(o.data!["image/png"]), "base64")))
          .map(({ width, height }) => `${width}x${height}`);
        // random pictures, the sample batch, 16 cats and dogs, PCA, ROC
        expect(sizes).toEqual(["412x208", "664x268", "532x532", "600x500", "600x600"]);
        const tables = outputs.filter((o) => o.data?.["text/markdown"]).map((o) => joined(o.data!["text/markdown"]));
        expect(tables.at(-1)!.match(/^\| MLP /gm)).toHaveLength(6);
        expect(tables.at(-1)).toContain("| random forest (pca)");
      }
    });
  }
});
