// Where a run writes its outputs (PNGs, tables): TSRETICULATE_OUT, else ./out, created on first use.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

export function outputDir(): string {
  const dir = resolve(process.env.TSRETICULATE_OUT || "out");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The path of an output file: `outputPath("roc.png")` is out/roc.png. */
export function outputPath(name: string): string {
  if (typeof name !== "string" || name.length === 0) throw new TypeError(`outputPath() takes a file name, got ${JSON.stringify(name)}`);
  return join(outputDir(), name);
}
