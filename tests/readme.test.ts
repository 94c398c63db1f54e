// The README's and the docs' examples are code users paste: every TypeScript block that imports tsreticulate
// (or tsreticulate/workshop) runs, in README.md and in every page of docs/. A block without such an import is
// a sketch and is not run.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const pages = ["README.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)];
const blocksOf = (page: string) =>
  [...readFileSync(join(root, page), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .filter((code) => /from "tsreticulate(\/workshop)?"/.test(code));

describe("README and docs examples", () => {
  it("has runnable examples", () => {
    expect(blocksOf("README.md").length).toBeGreaterThanOrEqual(2);
    expect(pages.flatMap(blocksOf).length).toBeGreaterThanOrEqual(15);
  });

  it("the README links every docs page", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(pages.slice(1).filter((page) => !readme.includes(`](${page})`))).toEqual([]);
  });

  // The Layout section names each folder and file of src/ and each top-level folder: a new one is placed there.
  it("the README's Layout section names every folder of the tree", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const layout = /\n## Layout\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? "";
    const src = readdirSync(join(root, "src"), { withFileTypes: true }).map((e) => `src/${e.name}${e.isDirectory() ? "/" : ""}`);
    const ignored = readFileSync(join(root, ".gitignore"), "utf8").split("\n").filter((l) => /^\w[\w.-]*\/$/.test(l));
    const top = readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith(".") && e.name !== "src" && !ignored.includes(`${e.name}/`))
      .map((e) => `${e.name}/`);
    expect([...src, ...top].filter((name) => !layout.includes(`\`${name}`))).toEqual([]);
  });

  for (const page of pages) {
    blocksOf(page).forEach((code, i) => {
      const title = code.split("\n").find((l) => l.trim() && !l.startsWith("import"))?.trim() ?? `block ${i}`;
      it(`${page} block ${i + 1}: ${title.slice(0, 60)}`, async () => {
        const dir = join(root, "tests", ".readme-blocks");
        mkdirSync(dir, { recursive: true });
        const file = join(dir, `${page.replace(/\W/g, "-")}-block-${i + 1}.ts`);
        // The block runs as a module of its own; the bridge is shut down when it ends.
        writeFileSync(file, `${code}\nawait (await import("tsreticulate")).py.shutdown();\n`);
        const r = await execa("node", ["--import", "tsx", file], { cwd: root, reject: false, all: true });
        expect(r.all).not.toMatch(/Traceback \(most recent call last\)|\n\s+at .*\(/);
        expect(r.exitCode).toBe(0);
      });
    });
  }
});
