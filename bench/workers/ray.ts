// One child of the "ray" workload: the cost of one awaited call (`await math.sqrt(i)`) to a pool worker, either a
// local one (`--contender pool-local`) or one placed by Ray (`--contender pool-ray`: a local Ray started for it, one
// actor of half a CPU, so the difference is the transport, TCP with CURVE instead of an ipc socket, not a network).
// One pool per process, as every contender of the bench: the orchestrator alternates them.
import { py, type Pool } from "../../dist/index.js";
import { arg, argString, report, timed, type ChildResult } from "../lib/samples.js";
import { ROUND_TRIP_CALLS, ROUND_TRIP_WARMUP } from "../lib/sizes.js";

const contender = argString("contender");
const samples = arg("samples", 3);
const watchdogMs = arg("watchdog-s", 60) * 1000;
if (contender !== "pool-local" && contender !== "pool-ray") throw new Error(`unknown contender ${contender}`);

const pool: Pool = contender === "pool-ray" ? py.pool(1, { ray: { num_cpus: 0.5, head: { num_cpus: 2 } } }) : py.pool(1);
const result: ChildResult = {};
try {
  await pool.run(async (worker) => {
    const math = worker.import("math");
    for (let i = 0; i < ROUND_TRIP_WARMUP; i++) await math.sqrt(i);
    for (let s = 0; s < samples; s++) {
      const ms = await timed(`${ROUND_TRIP_CALLS} awaited calls`, watchdogMs, async () => {
        for (let i = 0; i < ROUND_TRIP_CALLS; i++) await math.sqrt(i);
      });
      (result.roundTripUs ??= []).push((ms / ROUND_TRIP_CALLS) * 1000);
    }
  });
} finally {
  await pool.shutdown();
}
report(result);
