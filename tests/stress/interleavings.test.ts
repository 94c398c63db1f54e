// Randomized interleavings of pipelined calls, awaited bursts, JS callbacks, unawaited appends and failures,
// scopes and garbage collection (fixtures/interleavings.ts, driven by fast-check), each run in a fresh Node and
// Python process under a watchdog: a run that does not finish in time is a hang (a lost message or wake-up) and
// fails the test, naming the seed that reproduces it:
//   node --expose-gc --import tsx tests/stress/fixtures/interleavings.ts <seed> <runs>
import { execa } from "execa";
import { describe, expect, it } from "vitest";

const fixture = new URL("./fixtures/interleavings.ts", import.meta.url).pathname;
const PROCESSES = 6;
const RUNS_PER_PROCESS = 5;
// A bound for a hung run, not a timing assertion: a run takes a few seconds.
const WATCHDOG_MS = 90_000;

describe("randomized interleavings in fresh processes", () => {
  for (let p = 0; p < PROCESSES; p++) {
    it(`process ${p + 1} of ${PROCESSES}: ${RUNS_PER_PROCESS} generated programs settle with Python's answers`, async () => {
      const seed = Math.floor(Math.random() * 2 ** 31);
      const result = await execa("node", ["--expose-gc", "--import", "tsx", fixture, String(seed), String(RUNS_PER_PROCESS)], {
        reject: false,
        timeout: WATCHDOG_MS,
        killSignal: "SIGKILL",
        all: true,
      });
      const reproduce = `node --expose-gc --import tsx tests/stress/fixtures/interleavings.ts ${seed} ${RUNS_PER_PROCESS}`;
      expect(result.timedOut, `HUNG past ${WATCHDOG_MS / 1000} s (seed ${seed}); reproduce with: ${reproduce}\n${result.all}`).toBe(false);
      expect(result.exitCode, `seed ${seed}; reproduce with: ${reproduce}\n${result.all}`).toBe(0);
      expect(result.stdout).toContain(`ok ${RUNS_PER_PROCESS}`);
    }, WATCHDOG_MS + 30_000);
  }
});
