// The Python driver of a Ray pool (python/tsreticulate/ray_driver.py): Ray's API is Python, so a pool keeps one
// small process of the managed environment that places the actors and watches them. It speaks JSON lines over
// its stdin/stdout; the bridge's own traffic goes from here straight to each actor over CurveZMQ.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter } from "node:path";
import { BridgeError } from "../bridge/errors/errors.js";
import { ensureExtra } from "../bridge/process/extras.js";
import { atNodeExit } from "../bridge/process/exit-hook.js";
import { makePrivateDir } from "../bridge/process/private-dirs.js";
import { pythonSourceDir } from "../bridge/process/paths.js";

/** What the driver reports: one line each. */
export type DriverEvent =
  | { event: "cluster"; address: string; session_dir: string | null; embedded: boolean; resources: Record<string, number> }
  | { event: "ready"; slot: number; generation: number; endpoint: string; control: string; server_key: string; pid: number; node_id: string; actor_id: string; name: string; host: string }
  | { event: "failed"; slot: number; generation: number; message: string }
  | { event: "died"; slot: number; generation: number; reason: string }
  | { event: "fatal"; message: string }
  | { event: "closed" };

export interface DriverConfig {
  size: number;
  pool_id: string;
  namespace: string;
  address: string | null;
  client_key: string;
  actor_options: Record<string, unknown>;
  runtime_env: Record<string, unknown> | null;
  ports: [number, number] | null;
  client_timeout_s: number;
  start_timeout_s: number;
  object_store_memory: number;
  head_cpus: number | null;
  head_gpus: number | null;
}

export interface RayDriver {
  readonly pid: number;
  /** Asks for a new actor in `slot` (after a failed start; a death is replaced without asking). */
  startSlot(slot: number): void;
  /** Removes every actor, stops an embedded Ray, and waits for the driver to exit. */
  close(): Promise<void>;
}

/** For a local Ray: Ray keeps no data for tsreticulate (results go over ZeroMQ), so its object store stays small. */
const OBJECT_STORE_BYTES = 128 * 1024 * 1024;
const CLOSE_GRACE_MS = 30_000;

export async function startDriver(
  config: Omit<DriverConfig, "object_store_memory"> & { python: string | undefined },
  onEvent: (event: DriverEvent) => void,
): Promise<RayDriver> {
  // Ray is an optional extra: installed into the managed environment on first use (with a progress line).
  const python = config.python ?? (await ensureExtra("ray"));
  const { python: _p, ...rest } = config;
  const tempDir = config.address === null ? makePrivateDir(tmpdir()) : undefined;
  const child: ChildProcessWithoutNullStreams = spawn(python, ["-u", "-m", "tsreticulate.ray_driver"], {
    env: {
      ...process.env,
      PYTHONPATH: [pythonSourceDir, process.env.PYTHONPATH].filter(Boolean).join(delimiter),
      TSRETICULATE_PARENT_PID: String(process.pid),
      KERAS_BACKEND: process.env.KERAS_BACKEND || "torch",
    },
    stdio: ["pipe", "pipe", "pipe"],
    detached: true, // a Ctrl-C reaches Node, which shuts the pool down; not Ray's processes directly
  });
  if (child.pid === undefined) {
    const error = await new Promise<Error>((resolve) => child.once("error", resolve));
    throw new BridgeError(`cannot start the Ray driver (${python}): ${error.message}`, { cause: error });
  }
  const pid = child.pid;
  child.on("error", () => undefined);
  let exited = false;
  let closing = false;
  let stderrTail: string[] = [];
  child.stderr.on("data", (d: Buffer) => {
    process.stderr.write(d);
    stderrTail = stderrTail.concat(d.toString("utf8").split("\n")).slice(-20);
  });
  // The driver's process group: a local Ray's processes too (ray_driver.py's _die_with_parent says why).
  const killGroup = () => {
    if (exited) return;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      child.kill("SIGKILL");
    }
  };
  const cancelKill = atNodeExit(() => {
    killGroup();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  });
  const exitedPromise = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exited = true;
      cancelKill();
      try {
        process.kill(-pid, "SIGKILL"); // whatever of a local Ray outlived a driver that crashed
      } catch {
        // the group is empty: the usual case
      }
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      if (!closing) {
        onEvent({
          event: "fatal",
          message: `the Ray driver exited (${signal ? `signal ${signal}` : `code ${String(code)}`}):\n${stderrTail.join("\n")}`,
        });
      }
      resolve();
    }),
  );
  let partial = "";
  child.stdout.on("data", (d: Buffer) => {
    const lines = (partial + d.toString("utf8")).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) onLine(line);
  });
  const onLine = (line: string) => {
    let event: DriverEvent;
    try {
      event = JSON.parse(line) as DriverEvent;
    } catch {
      process.stderr.write(`tsreticulate: unexpected line from the Ray driver: ${line}\n`);
      return;
    }
    onEvent(event);
  };
  child.stdin.write(
    `${JSON.stringify({ ...rest, temp_dir: tempDir ?? null, object_store_memory: OBJECT_STORE_BYTES } satisfies DriverConfig & { temp_dir: string | null })}\n`,
  );
  // An idle pool does not hold Node open (like a local pool's processes); the pool refs it while a job waits.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref(): void }).unref();

  return {
    pid,
    startSlot(slot: number) {
      if (!exited) child.stdin.write(`${JSON.stringify({ op: "start", slot })}\n`);
    },
    async close() {
      if (closing) return exitedPromise;
      closing = true;
      if (exited) return;
      // Held open until the driver has removed the actors: the script must not end with them alive.
      const hold = setInterval(() => undefined, 1000);
      const timer = setTimeout(killGroup, CLOSE_GRACE_MS); // a driver stuck in ray.init, say
      child.stdin.end(`${JSON.stringify({ op: "shutdown" })}\n`);
      await exitedPromise;
      clearTimeout(timer);
      clearInterval(hold);
    },
  };
}
