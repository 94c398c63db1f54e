// Bridge options: defaults applied in one place, each option validated next to its default.
import { BridgeError } from "./errors/errors.js";
import type { RemoteOptions } from "./process/remote.js";

export interface BridgeOptions {
  /** The Python interpreter. Default: `TSRETICULATE_PYTHON`, else the managed environment. */
  python: string | undefined;
  /** Extra environment variables for the Python process. */
  env: Record<string, string>;
  /** How long the Python process may take to answer its first message, in ms. */
  startTimeoutMs: number;
  /** Forward the Python process' own stdout/stderr (C-level output) to this process. */
  forwardOutput: boolean;
  /** How often the Python process is pinged while calls are in flight, in ms. */
  heartbeatIntervalMs: number;
  /**
   * How long the Python process may leave heartbeats unanswered before pending calls fail, in ms. Default:
   * `TSRETICULATE_HEARTBEAT_TIMEOUT` seconds, else 30 s. A long call is fine; a stopped process is not.
   */
  heartbeatTimeoutMs: number;
  /**
   * Record where in TypeScript each operation is issued, so that a PythonError names the line ("issued at
   * train.ts:12:5"). Default: true, unless `TSRETICULATE_CALL_SITES=0`. Each record is a V8 stack capture, about
   * 15 µs per call on a 2-core machine (see BENCHMARKS.md): worth turning off for loops of many small calls
   * once the code works.
   */
  callSites: boolean;
  /** Set by py.connect(): a remote server instead of a local process. */
  remote: RemoteOptions | undefined;
}

export type BridgeOptionsInput = Partial<BridgeOptions>;

export function normalizeOptions(input: BridgeOptionsInput = {}): BridgeOptions {
  const options: BridgeOptionsInput = Object.assign(Object.create(null), input);
  const envTimeout = process.env.TSRETICULATE_START_TIMEOUT;
  const {
    python = process.env.TSRETICULATE_PYTHON || undefined,
    env = {},
    startTimeoutMs = envTimeout ? Number(envTimeout) * 1000 : 120_000,
    forwardOutput = true,
    heartbeatIntervalMs = 1000,
    heartbeatTimeoutMs = process.env.TSRETICULATE_HEARTBEAT_TIMEOUT
      ? Number(process.env.TSRETICULATE_HEARTBEAT_TIMEOUT) * 1000
      : 30_000,
    callSites = process.env.TSRETICULATE_CALL_SITES !== "0",
    remote = undefined,
  } = options;
  if (typeof callSites !== "boolean") {
    throw new BridgeError(`option "callSites" must be true or false, got ${JSON.stringify(callSites)}`);
  }
  if (python !== undefined && (typeof python !== "string" || python.length === 0)) {
    throw new BridgeError(`option "python" must be a path to a Python interpreter, got ${JSON.stringify(python)}`);
  }
  if (!Number.isFinite(startTimeoutMs) || startTimeoutMs <= 0) {
    throw new BridgeError(`option "startTimeoutMs" must be a positive number of milliseconds, got ${String(startTimeoutMs)}`);
  }
  if (typeof env !== "object" || env === null) {
    throw new BridgeError(`option "env" must be an object of strings, got ${typeof env}`);
  }
  for (const [k, v] of Object.entries(env)) {
    if (typeof v !== "string") throw new BridgeError(`option "env.${k}" must be a string, got ${typeof v}`);
  }
  for (const [name, ms] of [["heartbeatIntervalMs", heartbeatIntervalMs], ["heartbeatTimeoutMs", heartbeatTimeoutMs]] as const) {
    if (!Number.isFinite(ms) || ms <= 0) {
      throw new BridgeError(`option "${name}" must be a positive number of milliseconds, got ${String(ms)}`);
    }
  }
  return { python, env, startTimeoutMs, forwardOutput, heartbeatIntervalMs, heartbeatTimeoutMs, callSites, remote };
}
