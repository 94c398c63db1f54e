// Where the package's own files are: requirements.txt and the python/ folder, from src/ or dist/.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, "requirements.txt")) && existsSync(join(dir, "python", "tsreticulate"))) return dir;
    dir = resolve(dir, "..");
  }
  throw new Error("tsreticulate: cannot find the package's requirements.txt and python/ folder");
}

export const packageRoot = findPackageRoot();
export const requirementsFile = join(packageRoot, "requirements.txt");
/** Optional extras (`tsreticulate setup --with NAME`): requirements-NAME.txt, installed into the same environment. */
export const extraRequirementsFile = (name: string): string => join(packageRoot, `requirements-${name}.txt`);
export const pythonSourceDir = join(packageRoot, "python");
