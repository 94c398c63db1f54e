// Installs tslab's TypeScript kernel for Jupyter into the managed Python environment, so that the
// environment's own `jupyter` runs examples/notebooks/ (`npm run notebooks:kernel`), and links this checkout
// as node_modules/tsreticulate: tslab type-checks a cell's `import ... from "tsreticulate"` with Node10
// module resolution, which looks in node_modules and knows nothing of package self-references.
// Idempotent: what is already in place is left as it is.
import { existsSync, lstatSync, readFileSync, realpathSync, symlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { execa } from "execa";
import { ensureManagedEnvironment } from "../src/bridge/process/environment.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export interface NotebookKernel {
  /** The managed environment's Python. */
  python: string;
  /** Its `jupyter` command. */
  jupyter: string;
  /** The folder holding the `tslab` command; put it on PATH for tools that look tslab up by name. */
  tslabBin: string;
  /** The kernel's spec file. */
  kernelJson: string;
}

export async function installNotebookKernel(log: (line: string) => void = () => {}): Promise<NotebookKernel> {
  const python = await ensureManagedEnvironment();
  const venv = resolve(dirname(python), "..");
  const tslab = join(root, "node_modules", "tslab", "bin", "tslab");
  if (!existsSync(tslab)) throw new Error(`tslab is not installed (${tslab} is missing): run npm ci`);
  const kernel: NotebookKernel = {
    python,
    jupyter: join(dirname(python), "jupyter"),
    tslabBin: join(root, "node_modules", ".bin"),
    kernelJson: join(venv, "share", "jupyter", "kernels", "tslab", "kernel.json"),
  };
  linkPackage(log);
  if (installedBinary(kernel.kernelJson) === tslab) {
    log(`the TypeScript kernel is installed: ${kernel.kernelJson}\n`);
    return kernel;
  }
  // --binary with an absolute path: the kernel starts without node_modules/.bin on PATH.
  await execa(process.execPath, [tslab, "install", `--python=${python}`, "--sys-prefix", `--binary=${tslab}`], { stdio: "pipe" });
  if (installedBinary(kernel.kernelJson) !== tslab) throw new Error(`tslab install did not write ${kernel.kernelJson}`);
  log(`installed the TypeScript kernel: ${kernel.kernelJson}\n`);
  return kernel;
}

/** node_modules/tsreticulate -> this checkout, as `npm install tsreticulate` gives a user's project. */
function linkPackage(log: (line: string) => void): void {
  const link = join(root, "node_modules", "tsreticulate");
  if (isDanglingLink(link) && !existsSync(link)) throw new Error(`${link} is a broken link: remove it, then run this again`);
  if (!existsSync(link)) {
    symlinkSync("..", link, "junction");
    log(`linked ${link} -> ${root}\n`);
  } else if (realpathSync(link) !== realpathSync(root)) {
    throw new Error(`${link} exists and is not this checkout: remove it, then run this again`);
  }
}

function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function installedBinary(kernelJson: string): string | undefined {
  if (!existsSync(kernelJson)) return undefined;
  try {
    return (JSON.parse(readFileSync(kernelJson, "utf8")) as { argv?: string[] }).argv?.[0];
  } catch {
    return undefined;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const kernel = await installNotebookKernel((l) => process.stdout.write(l));
  process.stdout.write(
    `The notebooks import the built package (dist/): run \`npm run build\` after changing src/.\n` +
      `Run a notebook headless:\n  ${kernel.jupyter} nbconvert --to notebook --execute examples/notebooks/workshop-2.1.ipynb --output-dir out\n` +
      `or open examples/notebooks/ in VS Code or JupyterLab and pick the "TypeScript" kernel.\n`,
  );
}
