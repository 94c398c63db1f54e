// Nothing of a Ray pool outlives its script: not the driver, not a local Ray's processes (its agents outlive
// their raylet unless the driver's whole process group goes), not the actors. The script here never calls
// pool.shutdown(): it ends by itself, or Node is killed outright. Each run starts a local Ray of its own.
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureExtra } from "../../src/bridge/process/extras.js";
import { alive, waitGone } from "../support/processes.js";

const fixture = fileURLToPath(new URL("./fixtures/abandoned-pool.ts", import.meta.url));

beforeAll(async () => {
  if (!process.env.TSRETICULATE_PYTHON) await ensureExtra("ray");
}, 900_000);

/** Whether any process of the group `pgid` remains. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function runFixture(mode: "exit" | "kill") {
  const result = await execa(process.execPath, ["--import", "tsx", fixture, mode], { reject: false, timeout: 180_000 });
  const line = result.stdout.split("\n").find((l) => l.startsWith("{"));
  expect(line, result.stderr).toBeDefined();
  return { ...(JSON.parse(line!) as { actor: number; driver: number }), result };
}

describe("a Ray pool left without shutdown", () => {
  for (const mode of ["exit", "kill"] as const) {
    it(`leaves no process when its script ${mode === "exit" ? "ends by itself" : "is killed (SIGKILL)"}`, async () => {
      const { actor, driver, result } = await runFixture(mode);
      if (mode === "kill") expect(result.signal).toBe("SIGKILL");
      else expect(result.exitCode).toBe(0);
      expect(await waitGone(actor, 30_000)).toBe(true);
      expect(await waitGone(driver, 30_000)).toBe(true);
      for (let i = 0; i < 900 && groupAlive(driver); i++) await new Promise((r) => setTimeout(r, 100));
      expect(groupAlive(driver), "a process of the driver's group (a local Ray's) still runs").toBe(false);
      expect(alive(actor)).toBe(false);
    }, 240_000);
  }
});
