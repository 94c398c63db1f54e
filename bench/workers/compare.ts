// Measurements 1-3 with every contender in this one process: the bare zeromq.js <-> pyzmq floor,
// tsreticulate and pythonia take their samples in turn (the order rotating each run), so that the ratios
// compare runs made under the same load.
import { floorDriver } from "../drivers/floor.js";
import type { Driver } from "../drivers/driver.js";
import { pythoniaDriver } from "../drivers/pythonia.js";
import { tsreticulateDriver } from "../drivers/tsreticulate.js";
import { arg, report } from "../lib/samples.js";
import { IMAGES_BYTES, mbPerSecond } from "../lib/sizes.js";

const runs = arg("runs", 5);
const calls = arg("calls", 1000);
const chainRuns = arg("chain-runs", 3);
const result: Record<string, number[]> = {};
const add = (key: string, value: number) => (result[key] ??= []).push(value);

const drivers: Driver[] = [
  await floorDriver(),
  await tsreticulateDriver(),
  await tsreticulateDriver({ callSites: false }),
  await pythoniaDriver(),
];
/** The contenders in an order of their own for each run (a fixed seed: the same orders every time). */
function shuffled<T>(items: readonly T[], run: number): T[] {
  const out = [...items];
  let seed = 0x9e3779b9 ^ (run + 1);
  for (let i = out.length - 1; i > 0; i--) {
    seed = Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) >>> 0;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
const rotated = (run: number) => drivers.map((_, i) => drivers[(i + run) % drivers.length]!);
const time = async (fn: () => Promise<unknown>): Promise<number> => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};

try {
  for (const d of drivers) await d.roundTrip(100); // warm-up

  for (let run = 0; run < runs; run++) {
    for (const d of rotated(run)) add(`${d.name}.roundTripUs`, ((await time(() => d.roundTrip(calls))) / calls) * 1000);
  }

  for (let run = 0; run < chainRuns; run++) {
    for (const d of rotated(run)) if (d.chain) add(`${d.name}.chainMs`, await time(() => d.chain!()));
  }

  // The memory floor: where buffers come from decides the speed, fresh memory pays for its first touch.
  const source = Buffer.from(new Float32Array(IMAGES_BYTES / 4).fill(1).buffer);
  const reused = Buffer.alloc(IMAGES_BYTES);
  const memory: Driver = {
    name: "memory",
    roundTrip: async () => undefined,
    arrayTo: async () => source.copy(Buffer.allocUnsafe(IMAGES_BYTES)),
    arrayBack: async () => source.copy(reused),
    close: async () => undefined,
  };
  const arrayRuns = [...drivers, memory].filter((d) => d.arrayTo && d.arrayBack);
  for (const d of arrayRuns) {
    await d.arrayTo!(); // warm-up
    await d.arrayBack!();
    await d.arrayBackInto?.();
    await d.arrayDone?.();
  }
  for (let run = 0; run < runs; run++) {
    // Whoever follows a 123 MB transfer meets the memory it left behind, so the order changes every run; shuffled,
    // not rotated: in a rotation each contender always follows the same one.
    for (const d of shuffled(arrayRuns, run)) {
      // pythonia moves a 1/100 sample at a few MB/s: fewer runs keep the suite short.
      if (d.name === "pythonia" && run >= chainRuns) continue;
      let bytes = 0;
      add(`${d.name}.arrayToMBps`, mbPerSecond(IMAGES_BYTES, await time(async () => (bytes = await d.arrayTo!()))) * (bytes / IMAGES_BYTES));
      add(`${d.name}.arrayBackMBps`, mbPerSecond(IMAGES_BYTES, await time(async () => (bytes = await d.arrayBack!()))) * (bytes / IMAGES_BYTES));
      if (d.arrayBackInto) {
        add(`${d.name}.arrayBackIntoMBps`, mbPerSecond(IMAGES_BYTES, await time(async () => (bytes = await d.arrayBackInto!()))) * (bytes / IMAGES_BYTES));
      }
      await d.arrayDone?.();
      // Untimed: the 123 MB buffers this sample left behind are freed now, not during whichever sample the
      // collector happens to run in next (every transfer lands in fresh memory, and the kernel hands out pages
      // it has used before much faster than new ones: the sample after a collection would get a head start).
      (globalThis as { gc?: () => void }).gc?.();
    }
  }
} finally {
  for (const d of drivers) await d.close();
}
report(result);
