// The Python process: its ipc socket in a private folder, its output forwarded, its exit reported, and never
// left running after Node exits.
//
// Started with node:child_process, not execa (which builds and serve use): execa's module graph is about 170
// files and 150 ms of loading on this machine, 40 % of a script's time to its first answered call, and this
// long-lived child uses none of what execa adds (promise results, output capture, verbose logging): only
// pipes, a process group, an environment and signals, which spawn gives directly.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { resolvePython } from "./environment.js";
import { BridgeError } from "../errors/errors.js";
import type { ExitInfo, Launcher, PythonProcess } from "./launcher.js";
import { pythonSourceDir } from "./paths.js";
import { atNodeExit } from "./exit-hook.js";
import { makePrivateDir } from "./private-dirs.js";
import { KEEP_FREE_BYTES } from "./shared-arrays.js";

const STDERR_TAIL_LINES = 30;

/** What starting a local process takes from the bridge options (options.ts). */
export interface LocalProcessOptions {
  python: string | undefined;
  env: Record<string, string>;
  forwardOutput: boolean;
}

/** A session's launcher for a fresh local process. */
export function localLauncher(options: LocalProcessOptions): Launcher {
  return { remote: undefined, launch: (onExit, sharedDir) => startPython(options, onExit, sharedDir) };
}

/** `sharedDir`: the folder for large arrays (shared-arrays.ts), named on Python's command line with what it may keep. */
export async function startPython(
  options: LocalProcessOptions,
  onExit: (exit: ExitInfo) => void,
  sharedDir?: string,
): Promise<PythonProcess> {
  const python = await resolvePython(options.python);
  // mkdtemp makes the folder 0700: only this user can reach the socket inside it.
  const dir = makePrivateDir(tmpdir());
  const endpoint = `ipc://${join(dir, "bridge.sock")}`;
  const env: Record<string, string> = {
    KERAS_BACKEND: process.env.KERAS_BACKEND || "torch",
    PYTHONUNBUFFERED: "1",
    TSRETICULATE_ISATTY: process.stdout.isTTY ? "1" : "0",
    PYTHONPATH: [pythonSourceDir, process.env.PYTHONPATH].filter(Boolean).join(delimiter),
    ...options.env,
  };
  const args = ["-u", "-m", "tsreticulate", "--endpoint", endpoint, "--parent-pid", String(process.pid)];
  if (sharedDir) args.push("--shared-dir", sharedDir, "--shared-keep", String(KEEP_FREE_BYTES));
  const child = spawn(python, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: a Ctrl-C in the terminal reaches Node, which decides what to interrupt.
    detached: true,
  });
  if (child.pid === undefined) {
    // spawn reports a missing or unrunnable interpreter in an 'error' event, after it returns.
    const error = await new Promise<Error>((resolve) => child.once("error", resolve));
    rmSync(dir, { recursive: true, force: true });
    throw new BridgeError(`cannot start Python (${python}): ${error.message}`, { cause: error });
  }
  const pid = child.pid;
  child.on("error", () => undefined); // a failed kill() of an exited process: the exit is reported below

  let tail: string[] = [];
  let partial = "";
  child.stderr.on("data", (d: Buffer) => {
    if (options.forwardOutput) process.stderr.write(d);
    const lines = (partial + d.toString("utf8")).split("\n");
    partial = lines.pop() ?? "";
    tail = tail.concat(lines).slice(-STDERR_TAIL_LINES);
  });
  child.stdout.on("data", (d: Buffer) => {
    if (options.forwardOutput) process.stdout.write(d);
  });

  let exited = false;
  const killOnExit = () => {
    if (!exited) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const cancelKillOnExit = atNodeExit(killOnExit);

  const exitedPromise = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exited = true;
      cancelKillOnExit();
      // stderr may still hold the last lines (a traceback): wait for it to end, briefly.
      let reported = false;
      const report = () => {
        if (reported) return;
        reported = true;
        rmSync(dir, { recursive: true, force: true });
        const lines = partial ? [...tail, partial] : tail;
        onExit({ code: code ?? undefined, signal: signal ?? undefined, stderrTail: lines.join("\n") });
        resolve();
      };
      if (child.stderr && !child.stderr.readableEnded) {
        child.stderr.once("end", report);
        setTimeout(report, 200).unref();
      } else {
        report();
      }
    });
  });

  // An idle bridge must not hold Node open: the session keeps Node alive while work is pending.
  child.unref();
  (child.stdout as unknown as { unref(): void }).unref();
  (child.stderr as unknown as { unref(): void }).unref();

  return {
    endpoint,
    pid,
    kill() {
      if (!exited) child.kill("SIGKILL");
    },
    async stop(graceMs = 2000) {
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => {
        if (!exited) child.kill("SIGKILL");
      }, graceMs);
      await exitedPromise;
      clearTimeout(timer);
    },
  };
}
