// The `ray` option of py.pool(): where the cluster is and what each worker's actor asks of it. Names are Ray's
// own (`num_cpus`, `runtime_env`), as Python's keyword arguments pass through the bridge unchanged.
import { BridgeError } from "../bridge/errors/errors.js";

export interface RayPoolOptions {
  /**
   * The cluster: `"auto"` joins the one running on this machine (`ray start --head`), `"HOST:PORT"` a head's GCS
   * address, `"ray://HOST:10001"` a remote cluster through Ray Client. Unset: a local Ray started for the pool
   * and stopped with it (no dashboard, loopback addresses, its own temporary folder).
   */
  address?: string;
  /** CPUs each worker's actor reserves (fractions allowed). @default 1 */
  num_cpus?: number;
  /** GPUs each worker's actor reserves; Ray sets CUDA_VISIBLE_DEVICES in it. @default 0 */
  num_gpus?: number;
  /** Memory each worker's actor reserves, in bytes (Ray's `memory`: placement only, not a limit). */
  memory?: number;
  /** Custom resources each worker's actor reserves (`{ "accelerator_type:A100": 1 }`). */
  resources?: Record<string, number>;
  /**
   * Ray's runtime environment of the actors (`env_vars`, `pip`, `py_modules`, `working_dir`, ...). When the pool
   * joins a cluster, the bridge's own Python package is added to `py_modules` so that its nodes can import it.
   */
  runtime_env?: Record<string, unknown>;
  /** Ports each actor's two sockets (calls, control) are taken from, for firewalls. @default any free port */
  workerPorts?: [number, number];
  /** How long a worker's actor may take to be placed and to start its server, in ms. @default 300000 */
  startTimeoutMs?: number;
  /** Only for a local Ray started by the pool: the CPUs and GPUs it offers. @default the machine's */
  head?: { num_cpus?: number; num_gpus?: number };
}

const KEYS = new Set(["address", "num_cpus", "num_gpus", "memory", "resources", "runtime_env", "workerPorts", "startTimeoutMs", "head"]);

function nonNegative(value: unknown, name: string): void {
  if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value) || value < 0)) {
    throw new BridgeError(`option "ray.${name}" must be a number of 0 or more, got ${JSON.stringify(value)}`);
  }
}

/** Checks the `ray` option at py.pool(), so that a typo fails there and not in a Python driver later. */
export function validateRayOptions(input: unknown): RayPoolOptions {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new BridgeError(`option "ray" must be an object ({} for a local Ray), got ${input === null ? "null" : typeof input}`);
  }
  const options = input as RayPoolOptions;
  for (const key of Object.keys(options)) {
    if (!KEYS.has(key)) throw new BridgeError(`unknown option "ray.${key}"; the options are ${[...KEYS].join(", ")}`);
  }
  const { address, resources, runtime_env, workerPorts, startTimeoutMs, head } = options;
  if (address !== undefined && (typeof address !== "string" || !/^(auto|ray:\/\/[^\s/]+|[^\s/:]+:\d+)$/.test(address))) {
    throw new BridgeError(`option "ray.address" must be "auto", "HOST:PORT" or "ray://HOST:PORT", got ${JSON.stringify(address)}`);
  }
  for (const name of ["num_cpus", "num_gpus", "memory"] as const) nonNegative(options[name], name);
  if (resources !== undefined) {
    if (typeof resources !== "object" || resources === null) throw new BridgeError(`option "ray.resources" must be an object of numbers`);
    for (const [k, v] of Object.entries(resources)) nonNegative(v, `resources.${k}`);
  }
  if (runtime_env !== undefined && (typeof runtime_env !== "object" || runtime_env === null || Array.isArray(runtime_env))) {
    throw new BridgeError(`option "ray.runtime_env" must be an object (Ray's runtime environment), got ${typeof runtime_env}`);
  }
  if (
    workerPorts !== undefined &&
    !(Array.isArray(workerPorts) && workerPorts.length === 2 && workerPorts.every((p) => Number.isInteger(p) && p > 0 && p < 65536) && workerPorts[0] <= workerPorts[1])
  ) {
    throw new BridgeError(`option "ray.workerPorts" must be [low, high], two ports with low <= high, got ${JSON.stringify(workerPorts)}`);
  }
  if (startTimeoutMs !== undefined && !(typeof startTimeoutMs === "number" && startTimeoutMs > 0)) {
    throw new BridgeError(`option "ray.startTimeoutMs" must be a positive number of milliseconds, got ${JSON.stringify(startTimeoutMs)}`);
  }
  if (head !== undefined) {
    if (address !== undefined) throw new BridgeError(`option "ray.head" applies to a local Ray only (no "ray.address")`);
    nonNegative(head.num_cpus, "head.num_cpus");
    nonNegative(head.num_gpus, "head.num_gpus");
  }
  return options;
}
