// py.pool(n): several Python processes for independent jobs (hyperparameter trials). Each job gets a bridge
// of its own for as long as it runs; a job's failure is that job's, and a process that dies takes down only
// the job running on it: its bridge starts a fresh process for the next job.
import type { Bridge } from "./py.js";
import { BridgeError } from "./errors/errors.js";
import type { BridgeOptionsInput } from "./options.js";
import { jobBridge } from "./bridge-registry.js";
import { validateRayOptions, type RayPoolOptions } from "../ray/options.js";
import { rayPlacement, type ClusterInfo, type RayWorkerInfo } from "../ray/placement.js";

export type PoolJob<T> = (py: Bridge, index: number) => T | Promise<T>;

export interface PoolOptions extends BridgeOptionsInput {
  /** Run each worker in a Ray actor placed by a Ray cluster (src/ray/, docs/ray.md); `{}` starts a local Ray. */
  ray?: RayPoolOptions;
}

/** What places a pool's workers elsewhere (a Ray cluster): run before each job on its bridge, and at shutdown. */
export interface PoolHooks {
  prepare?(bridge: Bridge): Promise<void>;
  close?(): Promise<void>;
}

/** A Ray pool's view of its cluster and actors. */
export interface RayPoolInfo {
  /** The cluster the pool runs on, once joined or started. */
  cluster(): Promise<ClusterInfo>;
  /** The actor worker `index` runs in now; undefined while it starts. */
  worker(index: number): RayWorkerInfo | undefined;
}

export class Pool {
  readonly bridges: readonly Bridge[];
  private readonly idle: Bridge[];
  private readonly waiting: ((b: Bridge) => void)[] = [];
  private closed = false;
  private nextJob = 0;

  /** Set for a pool on Ray (`py.pool(n, { ray })`). */
  readonly ray: RayPoolInfo | undefined;
  private readonly hooks: PoolHooks;

  constructor(bridges: Bridge[], hooks: PoolHooks = {}, ray?: RayPoolInfo) {
    if (bridges.length === 0) throw new BridgeError("a pool needs at least one bridge");
    this.hooks = hooks;
    this.ray = ray;
    this.bridges = bridges;
    this.idle = [...bridges];
  }

  get size(): number {
    return this.bridges.length;
  }

  /** Runs `job` on the next free process. What it creates in Python is released when it ends. */
  async run<T>(job: PoolJob<T>): Promise<T> {
    if (this.closed) throw new BridgeError("the pool was shut down");
    const index = this.nextJob++;
    const bridge = await this.acquire();
    try {
      await this.hooks.prepare?.(bridge);
      // Helpers with no Python argument (kerasCallback, defaultDevice) find the job's bridge through jobBridge.
      return await jobBridge.run(bridge, () => bridge.scope(() => job(bridge, index)));
    } finally {
      this.releaseBridge(bridge);
    }
  }

  /** Runs one job per item; every job settles, whatever the others do (Promise.allSettled's shape). */
  map<I, T>(items: readonly I[], job: (item: I, py: Bridge, index: number) => T | Promise<T>): Promise<PromiseSettledResult<T>[]> {
    return Promise.allSettled(items.map((item) => this.run((py, index) => job(item, py, index))));
  }

  /** Stops every process of the pool; jobs still waiting for one reject. */
  async shutdown(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w(undefined as unknown as Bridge);
    await Promise.all(this.bridges.map((b) => b.shutdown()));
    await this.hooks.close?.();
  }

  private acquire(): Promise<Bridge> {
    const b = this.idle.shift();
    if (b) return Promise.resolve(b);
    return new Promise((resolve, reject) => {
      this.waiting.push((bridge) => (bridge ? resolve(bridge) : reject(new BridgeError("the pool was shut down"))));
    });
  }

  private releaseBridge(bridge: Bridge): void {
    const next = this.waiting.shift();
    if (next) next(bridge);
    else this.idle.push(bridge);
  }
}

/**
 * n local processes with `options`, or the given bridges (for instance `py.connect(...)` ones). `newBridge` makes
 * an unconfigured bridge (py.ts passes it, so that this module needs Bridge's type only).
 */
export function createPool(sizeOrBridges: number | Bridge[], options: PoolOptions | undefined, newBridge: () => Bridge): Pool {
  if (Array.isArray(sizeOrBridges)) return new Pool(sizeOrBridges);
  if (!Number.isInteger(sizeOrBridges) || sizeOrBridges < 1) {
    throw new BridgeError(`py.pool() takes a positive whole number of processes, got ${String(sizeOrBridges)}`);
  }
  const { ray, ...bridgeOptions } = options ?? {};
  if (ray !== undefined) {
    // Each bridge is configured for its actor once Ray has started it (placement.ts).
    const bridges = Array.from({ length: sizeOrBridges }, () => newBridge());
    const placement = rayPlacement(bridges, validateRayOptions(ray), bridgeOptions);
    return new Pool(bridges, placement, placement);
  }
  return new Pool(
    Array.from({ length: sizeOrBridges }, () => {
      const b = newBridge();
      if (options) b.configure(bridgeOptions);
      return b;
    }),
  );
}
