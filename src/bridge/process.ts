// The Python process: started with execa, its ipc socket in a private folder, its output forwarded,
// its exit reported, and never left running after Node exits.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { execa } from "execa";
import { resolvePython } from "./environment.js";
import { BridgeError } from "./errors.js";
import type { BridgeOptions } from "./options.js";
import { pythonSourceDir } from "./paths.js";

export interface ExitInfo {
  code: number | undefined;
  signal: string | undefined;
  stderrTail: string;
}

export interface PythonProcess {
  readonly endpoint: string;
  readonly pid: number;
  /** SIGKILL, at once. */
  kill(): void;
  /** SIGTERM, then SIGKILL if it is still running after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** Remote servers (connect.ts): options for the sockets (CURVE keys). */
  socketOptions?: import("zeromq").SocketOptions<import("zeromq").Dealer>;
  /** Remote servers: watches the connection's handshake until the server answered; returns the unwatch. */
  watch?(socket: import("zeromq").Dealer, fail: (error: Error) => void): () => void;
  /** Where the control socket the server reports (hello's `control`) is reached from here. */
  controlEndpoint?(reported: string): string;
}

const STDERR_TAIL_LINES = 30;

export async function startPython(options: BridgeOptions, onExit: (exit: ExitInfo) => void): Promise<PythonProcess> {
  const python = await resolvePython(options.python);
  // mkdtemp makes the folder 0700: only this user can reach the socket inside it.
  const dir = mkdtempSync(join(tmpdir(), "tsreticulate-"));
  const endpoint = `ipc://${join(dir, "bridge.sock")}`;
  const env: Record<string, string> = {
    KERAS_BACKEND: process.env.KERAS_BACKEND || "torch",
    PYTHONUNBUFFERED: "1",
    TSRETICULATE_ISATTY: process.stdout.isTTY ? "1" : "0",
    PYTHONPATH: [pythonSourceDir, process.env.PYTHONPATH].filter(Boolean).join(delimiter),
    ...options.env,
  };
  const child = execa(python, ["-u", "-m", "tsreticulate", "--endpoint", endpoint, "--parent-pid", String(process.pid)], {
    env,
    extendEnv: true,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    buffer: false,
    reject: false,
    // Its own process group: a Ctrl-C in the terminal reaches Node, which decides what to interrupt.
    detached: true,
    cleanup: false,
  });
  if (child.pid === undefined) {
    const result = await child;
    rmSync(dir, { recursive: true, force: true });
    throw new BridgeError(`cannot start Python (${python}): ${result.message ?? "no process"}`);
  }
  const pid = child.pid;

  let tail: string[] = [];
  let partial = "";
  child.stderr?.on("data", (d: Buffer) => {
    if (options.forwardOutput) process.stderr.write(d);
    const lines = (partial + d.toString("utf8")).split("\n");
    partial = lines.pop() ?? "";
    tail = tail.concat(lines).slice(-STDERR_TAIL_LINES);
  });
  child.stdout?.on("data", (d: Buffer) => {
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
  process.on("exit", killOnExit);

  const exitedPromise = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exited = true;
      process.off("exit", killOnExit);
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
  void child.catch(() => undefined);

  // An idle bridge must not hold Node open: the session keeps Node alive while work is pending.
  child.unref();
  (child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
  (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();

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
