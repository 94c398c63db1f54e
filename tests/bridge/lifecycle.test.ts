// The Python process never outlives Node, and Node never waits for an idle Python.
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { alive, waitGone } from "../support/processes.js";

const fixture = new URL("../fixtures/node-dies.ts", import.meta.url).pathname;

function startFixture(how: string) {
  const child = execa("node", ["--import", "tsx", fixture, how], { reject: false, buffer: true });
  const pid = new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /^(\d+)\n/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    void child.then((r) => reject(new Error(`fixture ended before printing the pid: ${r.stderr}`)));
  });
  return { child, pid };
}

describe("the Python process ends with Node", () => {
  for (const how of ["exit", "throw", "finish"]) {
    it(`when Node ends by ${how}`, async () => {
      const { child, pid } = startFixture(how);
      const pythonPid = await pid;
      const result = await child;
      if (how === "throw") expect(result.stderr).toContain("uncaught on purpose");
      expect(await waitGone(pythonPid)).toBe(true);
    });
  }

  for (const signal of ["SIGINT", "SIGTERM", "SIGKILL"] as const) {
    it(`when Node is killed by ${signal}`, async () => {
      const { child, pid } = startFixture("wait");
      const pythonPid = await pid;
      expect(alive(pythonPid)).toBe(true);
      child.kill(signal);
      await child;
      expect(await waitGone(pythonPid)).toBe(true);
    });
  }
});
