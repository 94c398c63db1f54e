// Timing samples and their summary. Benchmarks are not tests: nothing here asserts a time.

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError("summarize() needs at least one sample");
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

/** Milliseconds taken by `fn`, `runs` times (after `warmup` untimed runs). */
export async function timeRuns(runs: number, fn: () => Promise<unknown> | unknown, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** What a worker process hands back: named sample lists (milliseconds unless the name says otherwise). */
export type WorkerResult = Record<string, number[]>;

const MARK = "@@bench-result ";

/** Prints the result where the orchestrator finds it, whatever else the bridges print. */
export function report(result: WorkerResult): void {
  process.stdout.write(`\n${MARK}${JSON.stringify(result)}\n`);
}

export function parseReport(stdout: string): WorkerResult {
  const line = stdout.split("\n").reverse().find((l) => l.startsWith(MARK));
  if (!line) throw new Error(`the worker printed no result:\n${stdout.slice(-2000)}`);
  return JSON.parse(line.slice(MARK.length)) as WorkerResult;
}

/** Reads `--name value` options of a worker's command line. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
