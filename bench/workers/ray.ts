// The cost of one awaited call to a Ray-placed worker next to a local pool worker: `await math.sqrt(i)`, CALLS
// times per sample, the two pools taking their samples in turn. The Ray pool runs on a local Ray started for it
// (one actor, half a CPU), so the difference is the transport (TCP with CURVE instead of an ipc socket), not a
// network. Runs on its own too: `npm run build && node --import tsx bench/workers/ray.ts --runs 5`.
import { py, type Bridge, type Pool } from "../../dist/index.js";
import { arg, report, summarize } from "../lib/samples.js";

const runs = arg("runs", 5);
const calls = arg("calls", 1000);

const pools: Record<"local" | "ray", Pool> = {
  local: py.pool(1),
  ray: py.pool(1, { ray: { num_cpus: 0.5, head: { num_cpus: 2 } } }),
};
const result: Record<string, number[]> = {};

/** Holds each pool's one worker for the whole run (a job per pool that ends when the samples are taken). */
async function hold(pool: Pool): Promise<{ worker: Bridge; done: () => void; job: Promise<unknown> }> {
  let done = (): void => undefined;
  let worker: Bridge | undefined;
  let ready = (): void => undefined;
  const started = new Promise<void>((r) => (ready = r));
  const job = pool.run(async (w) => {
    worker = w;
    await w.import("math").sqrt(2); // started and connected
    ready();
    await new Promise<void>((end) => (done = end));
  });
  await started;
  return { worker: worker!, done, job };
}

try {
  const held = { local: await hold(pools.local), ray: await hold(pools.ray) };
  for (const h of Object.values(held)) for (let i = 0; i < 100; i++) await h.worker.import("math").sqrt(i); // warm-up
  for (let run = 0; run < runs; run++) {
    for (const name of run % 2 ? (["ray", "local"] as const) : (["local", "ray"] as const)) {
      const math = held[name].worker.import("math");
      const t0 = performance.now();
      for (let i = 0; i < calls; i++) await math.sqrt(i);
      (result[`${name}.roundTripUs`] ??= []).push(((performance.now() - t0) / calls) * 1000);
    }
  }
  for (const h of Object.values(held)) {
    h.done();
    await h.job;
  }
} finally {
  await Promise.all(Object.values(pools).map((p) => p.shutdown()));
}
for (const [key, samples] of Object.entries(result)) {
  const { median, min, max } = summarize(samples);
  process.stderr.write(`bench ray: ${key} median ${median.toFixed(0)} µs (${min.toFixed(0)}-${max.toFixed(0)}, ${samples.length} runs)\n`);
}
report(result);
