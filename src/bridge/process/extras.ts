// Optional extras of the managed environment (`tsreticulate setup --with ray`): requirements-NAME.txt installed
// into the environment requirements.txt built, not into a new one, so adding Ray does not rebuild 6 GB of torch.
// requirements.txt is passed as constraints: an extra may add packages but never move a pinned one. A marker
// file in the environment records which lines were installed; a changed file installs again.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BridgeError } from "../errors/errors.js";
import { ensureManagedEnvironment, managedEnvironmentDir, pipInstallArgs, requirementLines, run } from "./environment.js";
import { extraRequirementsFile, requirementsFile } from "./paths.js";

export const EXTRAS = ["ray", "test"] as const;
export type Extra = (typeof EXTRAS)[number];

function markerFile(dir: string, name: Extra): string {
  return join(dir, `tsreticulate-extra-${name}`);
}

function extraKey(name: Extra): string {
  const lines = requirementLines(readFileSync(extraRequirementsFile(name), "utf8"));
  return createHash("sha256").update(lines.join("\n")).digest("hex").slice(0, 16);
}

export function isExtraInstalled(name: Extra, dir = managedEnvironmentDir()): boolean {
  const marker = markerFile(dir, name);
  return existsSync(marker) && readFileSync(marker, "utf8").trim() === extraKey(name);
}

/**
 * Installs the extra into the managed environment (building that first if needed) unless it is there; returns
 * the environment's interpreter. One installer at a time (the environment's own lock).
 */
export async function ensureExtra(name: Extra, log: (line: string) => void = (l) => process.stderr.write(l)): Promise<string> {
  if (!(EXTRAS as readonly string[]).includes(name)) {
    throw new BridgeError(`unknown extra ${JSON.stringify(name)}; the extras are ${EXTRAS.join(", ")}`);
  }
  const python = await ensureManagedEnvironment(log);
  const dir = managedEnvironmentDir();
  if (isExtraInstalled(name, dir)) return python;
  const { default: lockfile } = await import("proper-lockfile");
  const release = await lockfile.lock(`${dir}.lock`, {
    stale: 60_000,
    update: 10_000,
    retries: { retries: 360, minTimeout: 1000, maxTimeout: 5000, factor: 1.2 },
  });
  try {
    if (isExtraInstalled(name, dir)) return python;
    const file = extraRequirementsFile(name);
    log(`tsreticulate: installing ${name} into ${dir} from ${file} (once; takes a minute or two)\n`);
    await run(python, pipInstallArgs("-r", file, "-c", requirementsFile), `installing ${name}`);
    writeFileSync(markerFile(dir, name), `${extraKey(name)}\n`);
    log(`tsreticulate: ${name} is installed\n`);
    return python;
  } finally {
    await release();
  }
}
