// Handles are released when their proxies are garbage-collected, and at the end of py.scope.
import { afterAll, describe, expect, it } from "vitest";
import { py } from "../../src/index.js";

afterAll(() => py.shutdown());

const gc = (globalThis as { gc?: () => void }).gc;

async function collect(): Promise<void> {
  // Finalizers run as tasks after a collection; release batches ride a short timer.
  for (let i = 0; i < 5; i++) {
    gc!();
    await new Promise((r) => setTimeout(r, 30));
  }
}

describe("handle release", () => {
  it("runs with --expose-gc", () => {
    expect(typeof gc).toBe("function");
  });

  it("100,000 proxies created and dropped leave fewer than 1,000 live handles after GC", async () => {
    const b = py.builtins;
    const before = (await py.stats()).handles;
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 10_000; i++) b.int(i); // 10,000 pipelined calls, each a handle on the server
      await b.len([]); // wait for the round
    }
    const created = (await py.stats()).handles;
    await collect();
    const after = (await py.stats()).handles;
    expect(created - before).toBeGreaterThan(0);
    expect(after - before).toBeLessThan(1_000);
  });

  it("results whose attributes were read are released too (chains, methods of a result, awaited calls)", async () => {
    const torch = py.import("torch");
    const t = torch.zeros(1);
    await t.dim();
    const before = (await py.stats()).handles;
    for (let i = 0; i < 300; i++) {
      await t.sum().item(); // an intermediate result, then a method of it
      const x = t.add(1);
      await x.dim(); // a method read from a result held in a variable
      await t.add(1).add(2).dim(); // two results, each with a method read
    }
    await collect();
    // Each loop made 5 handles; a proxy whose attribute was read used to stay alive forever (its registry entry
    // held the attribute's proxy, which held it).
    expect((await py.stats()).handles - before).toBeLessThan(50);
  });

  it("py.scope releases everything created inside it, except what it returns", async () => {
    const b = py.builtins;
    await b.len([]);
    const before = (await py.stats()).handles;
    let inner: unknown;
    const kept = await py.scope(async () => {
      for (let i = 0; i < 100; i++) b.int(i);
      inner = b.list([1, 2]);
      const l = b.list([3]);
      await l;
      return { keep: b.dict({ a: 1 }) };
    });
    const stats = await py.stats();
    // Only the returned dict outlives the scope (plus the stats call's own result, released later).
    expect(stats.handles - before).toBeLessThanOrEqual(2);
    expect(await kept.keep).toEqual({ a: 1 });
    expect(() => (inner as any).append(3)).toThrow(/released \(at the end of its py\.scope\)/);
  });

  it("py.scope leaves no handles when it returns nothing", async () => {
    const b = py.builtins;
    await b.len([]);
    const before = (await py.stats()).handles;
    await py.scope(async () => {
      const xs = [];
      for (let i = 0; i < 50; i++) xs.push(b.str(i));
      await xs[49];
    });
    await b.len([]);
    expect((await py.stats()).handles).toBeLessThanOrEqual(before + 2);
  });
});
