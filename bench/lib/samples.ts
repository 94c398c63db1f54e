// Timing samples, their summary, and how a child process hands its samples to the orchestrator. Benchmarks are
// not tests: nothing here asserts a time.

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

/** What a child process hands back: named sample lists (milliseconds unless the name says otherwise). */
export type ChildResult = Record<string, number[]>;

const RESULT = "@@bench-result ";
const FAILED = "@@bench-failed ";

/** Prints the result where the orchestrator finds it, whatever else the bridges print. */
export function report(result: ChildResult): void {
  process.stdout.write(`\n${RESULT}${JSON.stringify(result)}\n`);
}

/** Says why the child measured nothing, where the orchestrator finds it, and ends the child. */
export function fail(reason: string): never {
  process.stdout.write(`\n${FAILED}${reason.replace(/\s+/g, " ")}\n`);
  process.exit(3);
}

/** The child's result, or why it has none (its own word, else the tail of its output). */
export function parseChild(stdout: string, stderr: string): { result: ChildResult } | { failed: string } {
  const lines = stdout.split("\n").reverse();
  const result = lines.find((l) => l.startsWith(RESULT));
  if (result) return { result: JSON.parse(result.slice(RESULT.length)) as ChildResult };
  const failed = lines.find((l) => l.startsWith(FAILED));
  if (failed) return { failed: failed.slice(FAILED.length) };
  const tail = (stderr.trim() || stdout.trim()).split("\n").slice(-3).join(" / ");
  return { failed: tail || "printed no result" };
}

/** Reads `--name value` options of a child's command line. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

export function argString(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : undefined;
  if (value === undefined) throw new Error(`${process.argv[1]}: --${name} is required`);
  return value;
}

/**
 * Runs one timed sample of `fn` in milliseconds; a sample that has not settled after `watchdogMs` ends the child
 * with a failure that says so (a hang is a result, and must not stall the whole run).
 */
export async function timed(what: string, watchdogMs: number, fn: () => Promise<unknown>): Promise<number> {
  const watchdog = setTimeout(() => fail(`${what} did not settle within ${watchdogMs / 1000} s`), watchdogMs);
  try {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  } finally {
    clearTimeout(watchdog);
  }
}
