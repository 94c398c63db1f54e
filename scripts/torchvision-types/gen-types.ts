// `npm run gen:torchvision-types`: regenerates src/torchvision/generated/ from the installed torch and
// torchvision (generate.py introspects them in the bridge's Python: TSRETICULATE_PYTHON, else the managed
// environment). tests/torchvision/types.test.ts regenerates into a temporary folder and compares, so the
// committed files stay current.
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { execa } from "execa";
import { resolvePython } from "../../src/bridge/process/environment.js";

const here = dirname(fileURLToPath(import.meta.url));
export const generatorScript = join(here, "generate.py");
export const generatedDir = resolve(here, "../../src/torchvision/generated");

/** Writes torch.ts and torchvision.ts into `outDir`. */
export async function generateTorchvisionTypes(outDir: string = generatedDir): Promise<void> {
  const python = await resolvePython(process.env.TSRETICULATE_PYTHON);
  mkdirSync(outDir, { recursive: true });
  await execa(python, [generatorScript, outDir], { stdout: "inherit", stderr: "inherit" });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  generateTorchvisionTypes(process.argv[2] ? resolve(process.argv[2]) : generatedDir).then(
    () => process.stdout.write(`torch and torchvision declarations written to ${process.argv[2] ?? generatedDir}\n`),
    (e: unknown) => {
      process.stderr.write(`gen:torchvision-types failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
