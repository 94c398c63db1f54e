// `npm run gen:types`: regenerates src/keras/generated/ from the installed Keras (generate.py introspects it
// in the bridge's Python: TSRETICULATE_PYTHON, else the managed environment). tests/keras/gen-types.test.ts
// regenerates into a temporary folder and compares, so the committed files stay current.
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { execa } from "execa";
import { resolvePython } from "../../src/bridge/process/environment.js";

const here = dirname(fileURLToPath(import.meta.url));
export const generatorScript = join(here, "generate.py");
export const generatedDir = resolve(here, "../../src/keras/generated");

/** Writes the declarations into `outDir`, replacing the .ts files there. */
export async function generateKerasTypes(outDir: string = generatedDir): Promise<void> {
  const python = await resolvePython(process.env.TSRETICULATE_PYTHON);
  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(outDir)) if (f.endsWith(".ts")) rmSync(join(outDir, f));
  await execa(python, [generatorScript, outDir], {
    env: { KERAS_BACKEND: "torch" },
    stdout: "inherit",
    stderr: "inherit",
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  generateKerasTypes(process.argv[2] ? resolve(process.argv[2]) : generatedDir).then(
    () => process.stdout.write(`Keras declarations written to ${process.argv[2] ?? generatedDir}\n`),
    (e: unknown) => {
      process.stderr.write(`gen:types failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
