// py.pool(n, { ray }): the pool's bridges are remote bridges (CurveZMQ, as py.connect) to tsreticulate servers
// running in Ray actors. Ray places and replaces the actors; this file keeps each bridge pointed at its slot's
// current actor: before a job, a bridge whose actor was replaced is configured for the new one; when an actor
// dies during a job, the job's session ends at once with Ray's reason (not after a heartbeat timeout).
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { BridgeError } from "../bridge/errors/errors.js";
import { generateKeyPair } from "../bridge/transport/keys.js";
import type { BridgeOptionsInput } from "../bridge/options.js";
import { pythonSourceDir } from "../bridge/process/paths.js";
import type { PoolHooks } from "../bridge/pool.js";
import type { Bridge } from "../bridge/py.js";
import type { Session } from "../bridge/session/session.js";
import { startDriver, type DriverEvent, type RayDriver } from "./driver.js";
import { RayActorDiedError } from "./errors.js";
import type { RayPoolOptions } from "./options.js";

/** Where one worker's actor is, as the driver reported it. */
export interface RayWorkerInfo {
  endpoint: string;
  serverKey: string;
  actorId: string;
  actorName: string;
  nodeId: string;
  pid: number;
  generation: number;
}

interface Slot {
  /** The actor now ready, or undefined while one starts. */
  current: RayWorkerInfo | undefined;
  /** The generation the bridge is configured for. */
  configured: number;
  /** Why the last start failed, for the job that waits (cleared when another is asked for). */
  failure: Error | undefined;
  waiters: (() => void)[];
  session: Session | undefined;
}

/** The hooks that make a pool of bridges a Ray pool; `info` gives each worker's actor (for tests, diagnostics). */
export function rayPlacement(
  bridges: Bridge[],
  ray: RayPoolOptions,
  bridgeOptions: BridgeOptionsInput,
): PoolHooks & { cluster(): Promise<ClusterInfo>; worker(index: number): RayWorkerInfo | undefined } {
  const client = generateKeyPair(); // this pool's key: its secret stays in this process
  const slots: Slot[] = bridges.map(() => ({ current: undefined, configured: 0, failure: undefined, waiters: [], session: undefined }));
  let fatal: Error | undefined;
  let clusterInfo: ClusterInfo | undefined;
  const clusterWaiters: (() => void)[] = [];
  const wake = (list: (() => void)[]) => list.splice(0).forEach((w) => w());

  const onEvent = (event: DriverEvent) => {
    switch (event.event) {
      case "cluster":
        clusterInfo = { address: event.address, sessionDir: event.session_dir, embedded: event.embedded, resources: event.resources, driverPid };
        wake(clusterWaiters);
        return;
      case "ready": {
        const slot = slots[event.slot]!;
        slot.current = {
          endpoint: event.endpoint,
          serverKey: event.server_key,
          actorId: event.actor_id,
          actorName: event.name,
          nodeId: event.node_id,
          pid: event.pid,
          generation: event.generation,
        };
        wake(slot.waiters);
        return;
      }
      case "failed": {
        const slot = slots[event.slot]!;
        slot.failure = new BridgeError(`the Ray actor of pool worker ${event.slot} did not start: ${event.message}`);
        wake(slot.waiters);
        return;
      }
      case "died": {
        const slot = slots[event.slot]!;
        if (slot.current?.generation === event.generation) slot.current = undefined;
        // The job running on it fails now, with Ray's reason; the driver is already starting a replacement.
        if (slot.session && slot.configured === event.generation) slot.session.die(new RayActorDiedError(event.slot, event.reason));
        return;
      }
      case "fatal":
        fatal ??= new BridgeError(`the Ray pool cannot run: ${event.message}`);
        for (const slot of slots) {
          slot.session?.die(fatal);
          wake(slot.waiters);
        }
        wake(clusterWaiters);
        return;
      case "closed":
        return;
    }
  };

  const runtimeEnv = ray.address === undefined ? ray.runtime_env : withBridgePackage(ray.runtime_env);
  const envVars = { ...bridgeOptions.env, ...(runtimeEnv?.env_vars as Record<string, string> | undefined) };
  const driver: Promise<RayDriver> = startDriver(
    {
      python: bridgeOptions.python,
      size: bridges.length,
      pool_id: randomBytes(4).toString("hex"),
      namespace: "tsreticulate",
      address: ray.address ?? null,
      client_key: client.public,
      actor_options: {
        num_cpus: ray.num_cpus ?? 1,
        num_gpus: ray.num_gpus ?? 0,
        ...(ray.memory !== undefined ? { memory: ray.memory } : {}),
        ...(ray.resources !== undefined ? { resources: ray.resources } : {}),
      },
      runtime_env: runtimeEnv || Object.keys(envVars).length > 0 ? { ...runtimeEnv, env_vars: { KERAS_BACKEND: "torch", ...envVars } } : null,
      ports: ray.workerPorts ?? null,
      client_timeout_s: 300,
      start_timeout_s: (ray.startTimeoutMs ?? 300_000) / 1000,
      head_cpus: ray.head?.num_cpus ?? null,
      head_gpus: ray.head?.num_gpus ?? null,
    },
    onEvent,
  );
  driver.catch(() => undefined); // reported to the first job
  let driverPid = -1;
  void driver.then((d) => (driverPid = d.pid), () => undefined);

  /** Waits (holding Node open) until `ready()` says so. */
  const waitFor = async (list: (() => void)[], ready: () => boolean): Promise<void> => {
    if (ready()) return;
    const hold = setInterval(() => undefined, 1000);
    try {
      while (!ready()) await new Promise<void>((resolve) => list.push(resolve));
    } finally {
      clearInterval(hold);
    }
  };

  return {
    async prepare(bridge: Bridge) {
      const index = bridges.indexOf(bridge);
      const slot = slots[index]!;
      const d = await driver;
      if (fatal) throw fatal;
      if (!slot.current && slot.failure) {
        slot.failure = undefined;
        d.startSlot(index);
      }
      await waitFor(slot.waiters, () => fatal !== undefined || slot.current !== undefined || slot.failure !== undefined);
      if (fatal) throw fatal;
      if (!slot.current) throw slot.failure!;
      const current = slot.current;
      if (slot.configured !== current.generation) {
        await bridge.shutdown(); // the session of a dead actor, if any
        bridge.configure({
          // The actor has bound its sockets already; its server loop starts when Ray runs its next task.
          startTimeoutMs: 120_000,
          // Ray watches the actors and reports a death with its reason; the heartbeat is the slower net for an
          // actor that is alive but wedged, so that a loaded cluster's late report still names Ray's reason.
          heartbeatTimeoutMs: 120_000,
          ...bridgeOptions,
          remote: { endpoint: current.endpoint, serverKey: current.serverKey, publicKey: client.public, secretKey: client.secret },
        });
        slot.configured = current.generation;
      }
      slot.session = bridge.current();
    },
    async close() {
      const d = await driver.catch(() => undefined);
      await d?.close();
    },
    async cluster() {
      await driver;
      await waitFor(clusterWaiters, () => clusterInfo !== undefined || fatal !== undefined);
      if (!clusterInfo) throw fatal!;
      return clusterInfo;
    },
    worker(index: number) {
      return slots[index]?.current;
    },
  };
}

export interface ClusterInfo {
  /** The GCS address (`HOST:PORT`) another driver joins with. */
  address: string;
  /** The local Ray's session folder (a local Ray started by the pool), else null. */
  sessionDir: string | null;
  embedded: boolean;
  /** The cluster's resources when the pool joined it. */
  resources: Record<string, number>;
  /** The pool's Python driver process (ray_driver.py), the parent of a local Ray's processes. */
  driverPid: number;
}

/** Nodes of a cluster joined have no copy of the bridge's Python package: Ray ships it (py_modules). */
function withBridgePackage(env: Record<string, unknown> | undefined): Record<string, unknown> {
  const modules = Array.isArray(env?.py_modules) ? (env!.py_modules as unknown[]) : [];
  return { ...env, py_modules: [...modules, join(pythonSourceDir, "tsreticulate")] };
}
