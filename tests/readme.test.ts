// The README's examples are code users paste: every TypeScript block that imports tsreticulate runs.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
  .map((m) => m[1]!)
  .filter((code) => /from "tsreticulate"/.test(code));

describe("README examples", () => {
  it("has runnable examples", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  blocks.forEach((code, i) => {
    const title = code.split("\n").find((l) => l.trim() && !l.startsWith("import"))?.trim() ?? `block ${i}`;
    it(`block ${i + 1}: ${title.slice(0, 60)}`, async () => {
      const dir = join(root, "tests", ".readme-blocks");
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `block-${i + 1}.ts`);
      // The block runs as a module of its own; the bridge is shut down when it ends.
      writeFileSync(file, `${code}\nawait (await import("tsreticulate")).py.shutdown();\n`);
      const r = await execa("node", ["--import", "tsx", file], { cwd: root, reject: false, all: true });
      expect(r.all).not.toMatch(/Traceback \(most recent call last\)|\n\s+at .*\(/);
      expect(r.exitCode).toBe(0);
    });
  });
});
