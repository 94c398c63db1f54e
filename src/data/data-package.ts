// Where the workshop's data lives: the package tsreticulate-workshop-data (the repository's data/ folder, an npm
// workspace), kept out of tsreticulate itself so that the library installs without 36 MB of CIFAR images. A
// workshop user installs both; a library user never downloads the images.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { packageRoot } from "../bridge/process/paths.js";

export const DATA_PACKAGE = "tsreticulate-workshop-data";

/** What to do when the data is missing or damaged, for error messages. */
export const dataPackageRemedy =
  `The workshop's data is the package ${DATA_PACKAGE} (this repository's data/ folder, with its README.md): ` +
  `install it beside tsreticulate (npm install ${DATA_PACKAGE}), or run npm ci in a checkout of the repository.`;

/**
 * The data package's folder: as Node resolves it from here (the user's node_modules, or the workspace link in
 * a checkout), else the checkout's own data/ (a checkout whose node_modules predate the workspace). Where
 * neither exists it is the path the data would have in the checkout, so that a loader names a missing file.
 */
export const dataPackageFolder: string = resolveDataPackage();

function resolveDataPackage(): string {
  try {
    return dirname(createRequire(import.meta.url).resolve(`${DATA_PACKAGE}/package.json`));
  } catch {
    return join(packageRoot, "data");
  }
}
