// One child of the call and array workloads: loads one contender (`--contender`), measures one workload
// (`--workload`) with it, prints its samples and exits. The orchestrator (bench/run.ts) starts a fresh one for
// every round, so no contender shares a process with another, nor with a sample of another workload.
import type { Driver } from "../drivers/driver.js";
import { treeCpuMs } from "../lib/cpu.js";
import { arg, argString, fail, report, timed, type ChildResult } from "../lib/samples.js";
import { AWAITED_CALLS, CHAIN_OPS, IMAGES_BYTES, mbPerSecond, ROUND_TRIP_CALLS, ROUND_TRIP_WARMUP } from "../lib/sizes.js";

const workload = argString("workload");
const contender = argString("contender");
const samples = arg("samples", 3);
const watchdogMs = arg("watchdog-s", 60) * 1000;
const result: ChildResult = {};
const add = (key: string, value: number) => (result[key] ??= []).push(value);

/** Loads only the contender measured: the others' modules are never imported here. */
async function load(name: string): Promise<Driver> {
  switch (name) {
    case "floor":
      return (await import("../drivers/floor.js")).floorDriver();
    case "tsreticulate":
      return (await import("../drivers/tsreticulate.js")).tsreticulateDriver();
    case "tsreticulate-nosites":
      return (await import("../drivers/tsreticulate.js")).tsreticulateDriver({ callSites: false });
    case "pythonia":
      return (await import("../drivers/pythonia.js")).pythoniaDriver();
    case "memory":
      return (await import("../drivers/memory.js")).memoryDriver();
    default:
      throw new Error(`unknown contender ${name}`);
  }
}

function offered<K extends keyof Driver>(driver: Driver, what: K): NonNullable<Driver[K]> {
  const fn = driver[what];
  if (!fn) throw new Error(`${driver.name} does not take part in ${workload}`);
  return (fn as (...args: never[]) => unknown).bind(driver) as NonNullable<Driver[K]>;
}

const driver = await load(contender);
try {
  switch (workload) {
    case "roundtrip": {
      const roundTrip = offered(driver, "roundTrip");
      await roundTrip(ROUND_TRIP_WARMUP);
      const cpu0 = treeCpuMs();
      for (let i = 0; i < samples; i++) {
        const ms = await timed(`${ROUND_TRIP_CALLS} awaited calls`, watchdogMs, () => roundTrip(ROUND_TRIP_CALLS));
        add("roundTripUs", (ms / ROUND_TRIP_CALLS) * 1000);
      }
      // Over all the samples together: /proc counts a child's CPU in 10 ms steps.
      add("cpuUsPerCall", ((treeCpuMs() - cpu0) / (samples * ROUND_TRIP_CALLS)) * 1000);
      break;
    }
    case "pipelined": {
      const awaitedMany = offered(driver, "awaitedMany");
      await timed("the warm-up's 1,000 awaited results", watchdogMs, () => awaitedMany(1000));
      const cpu0 = treeCpuMs();
      for (let i = 0; i < samples; i++) {
        add("awaitedMs", await timed(`${AWAITED_CALLS} awaited results`, watchdogMs, () => awaitedMany(AWAITED_CALLS)));
      }
      add("cpuUsPerCall", ((treeCpuMs() - cpu0) / (samples * AWAITED_CALLS)) * 1000);
      break;
    }
    case "chain": {
      const chain = offered(driver, "chain");
      await timed("the warm-up chain", watchdogMs, () => chain(1000));
      const cpu0 = treeCpuMs();
      for (let i = 0; i < samples; i++) add("chainMs", await timed(`the ${CHAIN_OPS}-op chain`, watchdogMs, () => chain(CHAIN_OPS)));
      add("cpuUsPerCall", ((treeCpuMs() - cpu0) / (samples * CHAIN_OPS)) * 1000);
      break;
    }
    case "arrays": {
      const arrays = await offered(driver, "arrays")();
      const transfer = async (what: string, fn: () => Promise<number>): Promise<number> => {
        let bytes = 0;
        const ms = await timed(what, watchdogMs, async () => (bytes = await fn()));
        // Contenders that move fewer bytes (pythonia) are compared by MB/s.
        return mbPerSecond(IMAGES_BYTES, ms) * (bytes / IMAGES_BYTES);
      };
      for (let i = 0; i <= samples; i++) {
        const to = await transfer("an array to Python", arrays.to);
        const back = await transfer("an array back", arrays.back);
        const into = arrays.backInto && (await transfer("an array back into a buffer", arrays.backInto));
        await arrays.done?.();
        // Untimed: the 123 MB buffers this sample left behind are freed now, not during whichever sample the
        // collector happens to run in next (the kernel hands out pages it has used before faster than new ones:
        // the sample after a collection would get a head start).
        (globalThis as { gc?: () => void }).gc?.();
        if (i === 0) continue; // the warm-up: new shared files, first faults
        add("arrayToMBps", to);
        add("arrayBackMBps", back);
        if (into !== undefined) add("arrayBackIntoMBps", into);
      }
      break;
    }
    default:
      throw new Error(`unknown workload ${workload}`);
  }
} catch (error) {
  fail(`${contender}: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await driver.close();
}
report(result);
process.exit(0);
