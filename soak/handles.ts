// Soak: create and drop 1,000,000 Python handles in py.scope, then 200,000 more left to the collector, then check that the Python process' memory is flat after
// garbage collection and its handle table back where it started. Not part of `npm test` (about a minute);
// run with `npm run soak` (SOAK_HANDLES and SOAK_TIME_LIMIT_S to change the count and the time bound).
import { readFileSync } from "node:fs";
import { py } from "../src/index.js";

const TOTAL = Number(process.env.SOAK_HANDLES ?? 1_000_000);
const CHUNK = 10_000;
const TIME_LIMIT_MS = Number(process.env.SOAK_TIME_LIMIT_S ?? 1800) * 1000;
const MAX_GROWTH_KIB = 16 * 1024;

function rssKiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]);
}

async function settledRss(pid: number): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  await py.exec("import gc; gc.collect()");
  await new Promise((r) => setTimeout(r, 100));
  return rssKiB(pid);
}

async function main(): Promise<void> {
  const pid = (await py.pid())!;
  const b = py.builtins;
  const baseline = await py.stats();
  const started = Date.now();
  let created = 0;
  let warm = 0;
  while (created < TOTAL) {
    if (Date.now() - started > TIME_LIMIT_MS) throw new Error(`soak: time limit reached after ${created} handles`);
    await py.scope(async () => {
      let last;
      for (let i = 0; i < CHUNK; i++) last = b.object(); // a handle each, released when the scope ends
      await last;
    });
    created += CHUNK;
    if (created === Math.min(100_000, TOTAL)) warm = await settledRss(pid);
    if (created % 100_000 === 0) {
      const s = await py.stats();
      process.stdout.write(`soak: ${created} handles, ${s.handles} live, RSS ${rssKiB(pid)} KiB, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    }
  }
  // The same without py.scope: handles released by the collector, from proxies whose attributes were read (a
  // method called on a result), which the FinalizationRegistry once kept alive for ever.
  const collected = Math.min(200_000, TOTAL);
  for (let made = 0; made < collected; made += CHUNK) {
    for (let i = 0; i < CHUNK / 2; i++) b.list().append(i); // two handles: the list, append's None
    await b.len([]);
    (globalThis as { gc?: () => void }).gc?.();
  }
  created += collected;
  for (let i = 0; i < 5; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
  const end = await settledRss(pid);
  const stats = await py.stats();
  process.stdout.write(
    `soak: ${created} handles created and dropped in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      `live handles ${baseline.handles} -> ${stats.handles}; RSS after warm-up ${warm} KiB, at the end ${end} KiB\n`,
  );
  await py.shutdown();
  if (stats.handles > baseline.handles + 2) throw new Error("soak: handles were not released");
  if (end - warm > MAX_GROWTH_KIB) throw new Error(`soak: the Python process grew by ${end - warm} KiB`);
  process.stdout.write("soak: ok, memory flat\n");
}

main().catch(async (e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  await py.shutdown();
  process.exitCode = 1;
});
