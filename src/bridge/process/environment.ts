// Which Python runs the bridge: TSRETICULATE_PYTHON, else a managed virtual environment built from
// requirements.txt in a per-user cache folder keyed by the requirements' hash (as reticulate's py_require).
// execa and proper-lockfile are loaded only when an environment is built: together they are about 180 files
// and 170 ms of module loading, which every script would otherwise pay before its first call.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { BridgeError } from "../errors/errors.js";
import { pythonSourceDir, requirementsFile } from "./paths.js";

const READY_MARKER = "tsreticulate-ready";

export function cacheDir(): string {
  const base = process.env.TSRETICULATE_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "tsreticulate");
  return base;
}

/** The requirement lines, without comments and blank lines: editing a comment builds nothing new. */
export function requirementLines(text = readFileSync(requirementsFile, "utf8")): string[] {
  return text
    .split("\n")
    .map((l) => l.replace(/#.*$/, "").trim())
    .filter((l) => l.length > 0);
}

export function environmentKey(): string {
  return createHash("sha256").update(requirementLines().join("\n")).digest("hex").slice(0, 16);
}

export function managedEnvironmentDir(): string {
  return join(cacheDir(), `venv-${environmentKey()}`);
}

export function venvPython(dir: string): string {
  return process.platform === "win32" ? join(dir, "Scripts", "python.exe") : join(dir, "bin", "python");
}

export function isManagedEnvironmentReady(dir = managedEnvironmentDir()): boolean {
  return existsSync(join(dir, READY_MARKER)) && existsSync(venvPython(dir));
}

/** The interpreter to run: the explicit one, else the managed environment (built on first need). */
export async function resolvePython(explicit: string | undefined): Promise<string> {
  if (explicit) return explicit;
  return ensureManagedEnvironment();
}

/**
 * Builds the managed environment unless it is ready. One builder at a time per machine (a lock file):
 * test files started in parallel wait for the first one instead of building side by side.
 */
export async function ensureManagedEnvironment(log: (line: string) => void = (l) => process.stderr.write(l)): Promise<string> {
  const dir = managedEnvironmentDir();
  if (isManagedEnvironmentReady(dir)) return venvPython(dir);
  mkdirSync(cacheDir(), { recursive: true });
  const lockTarget = `${dir}.lock`;
  writeFileSync(lockTarget, "", { flag: "a" });
  const { default: lockfile } = await import("proper-lockfile");
  const release = await lockfile.lock(lockTarget, {
    stale: 60_000,
    update: 10_000,
    retries: { retries: 360, minTimeout: 1000, maxTimeout: 5000, factor: 1.2 },
  });
  try {
    if (isManagedEnvironmentReady(dir)) return venvPython(dir);
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true }); // an interrupted build
    const base = process.env.TSRETICULATE_BASE_PYTHON || "python3";
    log(`tsreticulate: building the Python environment in ${dir} from ${requirementsFile} (first run only; takes minutes)\n`);
    await run(base, ["-m", "venv", dir], "creating the virtual environment");
    const python = venvPython(dir);
    await run(python, pipInstallArgs("-r", requirementsFile), "installing the requirements");
    await compilePythonPackage(python, log);
    writeFileSync(join(dir, READY_MARKER), `${environmentKey()}\n`);
    log(`tsreticulate: the Python environment is ready (${python})\n`);
    return python;
  } finally {
    await release();
  }
}

/**
 * Writes the bytecode of the bridge's own Python package (python/tsreticulate/__pycache__) for `python`. Python
 * does so itself on first import, except where PYTHONDONTWRITEBYTECODE is set (this machine's environment sets
 * it), and then compiles its 2,300 lines at every start: 18 ms of the 100 ms the server takes to start, against
 * 3 ms read from bytecode. A package folder that cannot be written (a read-only install) is left as it is, and
 * `log` says so.
 */
export async function compilePythonPackage(python: string, log: (line: string) => void): Promise<void> {
  const { execa } = await import("execa");
  const result = await execa(python, ["-m", "compileall", "-q", join(pythonSourceDir, "tsreticulate")], {
    reject: false,
    env: { PYTHONDONTWRITEBYTECODE: "" },
  });
  if (result.failed) log("tsreticulate: could not write the bytecode of python/tsreticulate (a read-only folder?)\n");
}

/** `python -m pip install` with what names the packages (`-r FILE`, `-c FILE`), as every install here runs it. */
export function pipInstallArgs(...what: string[]): string[] {
  return [
    "-m", "pip", "install",
    "--disable-pip-version-check",
    "--progress-bar", "off",
    // A stalled index must fail the build, not hang it; the machine's pip configuration is kept.
    "--timeout", process.env.TSRETICULATE_PIP_TIMEOUT || "60",
    "--retries", "2",
    ...what,
  ];
}

export async function run(command: string, args: string[], what: string): Promise<void> {
  // pip's own lines are the progress display: forwarded to stderr as they come.
  const { execa } = await import("execa");
  const child = execa(command, args, { stdout: ["pipe"], stderr: ["pipe"], reject: false, all: true, buffer: { all: true } });
  child.stdout?.on("data", (d: Buffer) => process.stderr.write(d));
  child.stderr?.on("data", (d: Buffer) => process.stderr.write(d));
  const result = await child;
  if (result.failed) {
    const tail = String(result.all ?? "").split("\n").slice(-20).join("\n");
    throw new BridgeError(`building the Python environment failed while ${what} (${command} ${args.join(" ")}):\n${tail}`);
  }
}
