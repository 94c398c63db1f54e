// The Python process never outlives Node, and Node never waits for an idle Python.
import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { Bridge } from "../../src/index.js";
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

  for (const signal of ["SIGTERM", "SIGHUP"] as const) {
    it(`a Node ended by ${signal} removes its private folders itself, and still dies of the signal`, async () => {
      const { child, pid } = startFixture("wait");
      await pid;
      const owned = (root: string) => readdirSync(root).filter((n) => n.startsWith(`tsreticulate-${child.pid}-`));
      const roots = [tmpdir(), ...(existsSync("/dev/shm") ? ["/dev/shm"] : [])];
      for (const root of roots) expect(owned(root)).toHaveLength(1);
      child.kill(signal);
      const result = await child;
      expect(result.signal).toBe(signal);
      for (const root of roots) expect(owned(root)).toEqual([]);
    });
  }

  it("the folders of a Node killed outright are removed by the next bridge to start", async () => {
    const { child, pid } = startFixture("wait");
    await pid;
    const owned = (root: string) => readdirSync(root).filter((n) => n.startsWith(`tsreticulate-${child.pid}-`));
    const roots = [tmpdir(), ...(existsSync("/dev/shm") ? ["/dev/shm"] : [])];
    for (const root of roots) expect(owned(root)).toHaveLength(1); // the socket's folder; the arrays' folder
    child.kill("SIGKILL"); // no exit handler runs
    await child;
    for (const root of roots) expect(owned(root)).toHaveLength(1);
    const next = new Bridge();
    try {
      expect(await next.builtins.len([1, 2])).toBe(2);
      for (const root of roots) expect(owned(root)).toEqual([]);
    } finally {
      await next.shutdown();
    }
  });
});

describe.runIf(process.platform === "linux")("watching Node costs the Python process no wake-ups", () => {
  it("the kernel watches the parent (prctl): no polling thread runs beside user code", async () => {
    // A thread that woke 5 times a second took the GIL from a model.fit each time; the kill on Node's death is
    // covered by the SIGKILL test above.
    const bridge = new Bridge();
    try {
      const names = (await bridge.eval("[t.name for t in __import__('threading').enumerate()]")) as string[];
      expect(names).not.toContain("tsreticulate-parent-watch");
      expect(names).toContain("tsreticulate-control");
    } finally {
      await bridge.shutdown();
    }
  });
});
