// py.pool(n, { ray }): workers as tsreticulate servers in Ray actors, on a local Ray the pool starts (one per
// file: no dashboard, loopback addresses, 2 CPUs shared by actors asking half a CPU each). Ray is an optional
// extra: beforeAll installs it into the managed environment when missing (as the first Ray pool would).
import { readFileSync, readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureExtra } from "../../src/bridge/process/extras.js";
import {
  BridgeError,
  NDArray,
  RayActorDiedError,
  kerasCallback,
  py,
  toJs,
  tuple,
  type ClusterInfo,
  type Pool,
} from "../../src/index.js";
import { alive, waitGone } from "../support/processes.js";

let pool: Pool;
let cluster: ClusterInfo;

beforeAll(async () => {
  if (!process.env.TSRETICULATE_PYTHON) await ensureExtra("ray");
  pool = py.pool(2, { ray: { num_cpus: 0.5, head: { num_cpus: 2 } } });
  cluster = await pool.ray!.cluster();
}, 900_000);

afterAll(() => pool?.shutdown());

/** The processes below `pid` (a local Ray's: gcs_server, raylet, its workers), from /proc. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const visit = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      visit(c);
    }
  };
  visit(pid);
  return out;
}

const actorName = "__import__('ray').get_runtime_context().get_actor_name()";

describe("a Ray pool", () => {
  it("started a local Ray on loopback, with the CPUs asked for", () => {
    expect(cluster.embedded).toBe(true);
    expect(cluster.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(cluster.resources.CPU).toBe(2);
  });

  it("spreads jobs over distinct actors, each a process of its own", async () => {
    const results = await pool.map([0, 1, 2, 3], async (n, worker) => {
      const pid = (await worker.eval("__import__('os').getpid()")) as number;
      return { n, pid, actor: (await worker.eval(actorName)) as string };
    });
    const values = results.map((r) => (r.status === "fulfilled" ? r.value : Promise.reject(r.reason)));
    expect(values.map((v) => (v as { n: number }).n)).toEqual([0, 1, 2, 3]);
    const actors = new Set(values.map((v) => (v as { actor: string }).actor));
    const pids = new Set(values.map((v) => (v as { pid: number }).pid));
    expect(actors.size).toBe(2);
    expect(pids.size).toBe(2);
    expect(pids.has(process.pid)).toBe(false);
    for (const i of [0, 1]) expect(actors.has(pool.ray!.worker(i)!.actorName)).toBe(true);
  }, 120_000);

  it("carries arrays both ways", async () => {
    const sum = await pool.run(async (worker) => {
      const np = worker.import("numpy", { convert: false });
      const x = new NDArray(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]);
      const back = (await toJs(np.multiply(x, 2))) as NDArray;
      expect(back.shape).toEqual([2, 3]);
      expect(Array.from(back.data as Float32Array)).toEqual([2, 4, 6, 8, 10, 12]);
      return (await np.sum(x).item()) as number;
    });
    expect(sum).toBe(21);
  }, 60_000);

  it("fits a Keras model on an actor with a TypeScript callback", async () => {
    const epochs = await pool.run(async (worker) => {
      const keras = worker.import("keras", { convert: false });
      const np = worker.import("numpy", { convert: false });
      const seen: number[] = [];
      const input = keras.Input(tuple(4));
      const model = keras.Model(input, keras.layers.Dense(1)(input));
      model.compile({ loss: "mse", optimizer: "sgd" });
      const x = np.random.default_rng(0).random(tuple(16, 4), { dtype: np.float32 });
      await model.fit({
        x,
        y: np.ones(tuple(16, 1), { dtype: np.float32 }),
        epochs: 2,
        batch_size: 8,
        verbose: 0,
        callbacks: [kerasCallback({ on_epoch_end: (epoch, logs) => void seen.push(epoch + (Number.isFinite(logs.loss) ? 0 : NaN)) })],
      });
      return seen;
    });
    expect(epochs).toEqual([0, 1]);
  }, 180_000);

  it("fails only the job whose actor is killed (ray.kill), with Ray's reason, and replaces the actor", async () => {
    const killed = pool.ray!.worker(1)!.actorName;
    const results = await pool.map([0, 1], async (n, worker, index) => {
      void index;
      const name = (await worker.eval(actorName)) as string;
      if (name === killed) {
        // Ray kills this actor from inside its own process, as it would one out of memory.
        await worker.exec(
          "import threading, ray\nthreading.Timer(0.5, lambda: ray.kill(ray.get_runtime_context().current_actor)).start()",
        );
        await worker.eval("__import__('time').sleep(60)");
      }
      return worker.eval(`__import__('time').sleep(1) or ${n} + 1`);
    });
    const rejected = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const outcome = results.map((r) => (r.status === "fulfilled" ? r.value : String(r.reason))).join("; ");
    expect(rejected, outcome).toHaveLength(1);
    expect(fulfilled).toHaveLength(1);
    const error = rejected[0]!.reason as RayActorDiedError;
    expect(error).toBeInstanceOf(RayActorDiedError);
    expect(error).toBeInstanceOf(BridgeError);
    expect(error.reason).toMatch(/ray\.kill/);
    expect(error.message).toMatch(/the Ray actor of pool worker 1 died: .*killed by `ray\.kill`/s);

    // The next jobs run on two live actors, the killed one's replacement among them.
    const after = await pool.map([0, 1], async (_n, worker) => (await worker.eval(actorName)) as string);
    const names = after.map((r) => (r.status === "fulfilled" ? r.value : String(r.reason)));
    expect(new Set(names).size, names.join("; ")).toBe(2);
    expect(names).not.toContain(killed);
    expect(pool.ray!.worker(1)!.generation).toBe(2);
  }, 180_000);

  it("a second pool joins the running cluster by its address; Ray ships the bridge's package to its actors", async () => {
    // A driver joining a cluster that uses Ray's token authentication (the default of a Ray started by
    // ray.init, whose token is in ~/.ray/auth_token) says so with RAY_AUTH_MODE; the pool's driver inherits it.
    const before = process.env.RAY_AUTH_MODE;
    process.env.RAY_AUTH_MODE = "token";
    const joined = py.pool(1, { ray: { address: cluster.address, num_cpus: 0.25 } });
    await joined.ray!.cluster().catch(() => undefined);
    if (before === undefined) delete process.env.RAY_AUTH_MODE;
    else process.env.RAY_AUTH_MODE = before;
    try {
      const where = await joined.run((worker) => worker.eval("__import__('tsreticulate').__file__"));
      // py_modules: a copy Ray unpacked in its session folder, not this checkout's python/ folder
      expect(where).toContain(cluster.sessionDir!);
      expect((await joined.ray!.cluster()).embedded).toBe(false);
    } finally {
      await joined.shutdown();
    }
  }, 120_000);

  it("shuts down leaving no actor and no process", async () => {
    const actorPids = [0, 1].map((i) => pool.ray!.worker(i)!.pid);
    const processes = [cluster.driverPid, ...descendants(cluster.driverPid)];
    expect(processes.length).toBeGreaterThan(3); // the driver, gcs_server, raylet, workers
    for (const pid of actorPids) expect(processes).toContain(pid);
    await pool.shutdown();
    for (const pid of processes) expect(await waitGone(pid, 30_000), `process ${pid} still runs`).toBe(true);
    expect(processes.filter(alive)).toEqual([]);
    await expect(pool.run((w) => w.eval("1"))).rejects.toThrow(/the pool was shut down/);
  }, 120_000);
});
