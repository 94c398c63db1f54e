// `npm run example -- NAME`: runs examples/NAME.ts in this process (tsx maps "tsreticulate" to src/).
// Without a name, or with an unknown one, it lists the examples.
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const examplesDir = join(dirname(fileURLToPath(import.meta.url)), "..", "examples");
const names = readdirSync(examplesDir)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.slice(0, -3))
  .sort();

const name = process.argv[2];
if (!name || !names.includes(name)) {
  const why = name ? `no example named ${JSON.stringify(name)}` : "which example?";
  process.stderr.write(`${why}\nusage: npm run example -- NAME\nexamples: ${names.join(", ")}\n`);
  process.exit(2);
}
// The example sees the arguments after its name as its own.
process.argv.splice(2, 1);
await import(pathToFileURL(join(examplesDir, `${name}.ts`)).href);
