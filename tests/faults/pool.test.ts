// py.pool(n): independent jobs on n Python processes; a job's failure, or its process's death, is that
// job's alone.
import { afterAll, describe, expect, it } from "vitest";
import { ProcessExitedError, PythonError, py, type Pool } from "../../src/index.js";

let pool: Pool | undefined;
afterAll(() => pool?.shutdown());

describe("py.pool", () => {
  it("runs 6 jobs on 3 processes; the one whose process is killed mid-job fails alone", async () => {
    pool = py.pool(3);
    expect(pool.size).toBe(3);
    const pids = new Set<number>();
    const results = await pool.map([0, 1, 2, 3, 4, 5], async (n, worker) => {
      const pid = (await worker.pid())!;
      pids.add(pid);
      if (n === 2) {
        setTimeout(() => process.kill(pid, "SIGKILL"), 300);
        await worker.eval("__import__('time').sleep(60)");
      }
      return worker.eval(`__import__('time').sleep(0.3) or ${n} * ${n}`);
    });
    const fulfilled = results.flatMap((r, i) => (r.status === "fulfilled" ? [[i, r.value]] : []));
    expect(fulfilled).toEqual([[0, 0], [1, 1], [3, 9], [4, 16], [5, 25]]);
    const failed = results[2] as PromiseRejectedResult;
    expect(failed.status).toBe("rejected");
    expect(failed.reason).toBeInstanceOf(ProcessExitedError);
    expect((failed.reason as ProcessExitedError).signal).toBe("SIGKILL");
    expect((failed.reason as Error).message).toMatch(/was killed by SIGKILL/);
    // The jobs ran in parallel on three processes, plus the one started after the kill.
    expect(pids.size).toBeGreaterThanOrEqual(3);
  });

  it("a job that raises fails alone, and its worker takes the next job", async () => {
    pool ??= py.pool(3);
    const results = await pool.map(["1 + 1", "1 / 0", "'ok'"], (code, worker) => worker.eval(code));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(PythonError);
    expect(await pool.run((worker) => worker.eval("'again'"))).toBe("again");
  });

  it("releases what a job created in Python when the job ends", async () => {
    const small = py.pool(1);
    try {
      const before = await small.run((w) => w.stats());
      await small.run(async (w) => {
        const objects = Array.from({ length: 50 }, () => w.builtins.object());
        await objects[49];
      });
      const after = await small.run((w) => w.stats());
      expect(after.handles).toBeLessThanOrEqual(before.handles + 2);
    } finally {
      await small.shutdown();
    }
  });
});
