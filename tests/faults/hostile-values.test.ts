// Issue #12's repros: values and messages that once hung the bridge, lost operations or ended the server. Each
// either crosses or fails clearly, and the server keeps serving.
import { afterAll, describe, expect, it } from "vitest";
import { MAX_NESTING } from "../../src/bridge/wire/codes.js";
import { BridgeError, PythonError, iterate, py, tuple } from "../../src/index.js";

afterAll(() => py.shutdown());



function nested(depth: number): unknown {
  let v: unknown = 0;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

describe("pipelined answers", () => {
  it("10,000 pipelined calls, every result awaited, all settle with their values (more than a socket's default queue)", async () => {
    const math = py.import("math");
    await math.sqrt(1);
    const calls: PromiseLike<unknown>[] = [];
    for (let i = 0; i < 10_000; i++) calls.push(math.sqrt(i));
    const values = (await Promise.all(calls)) as number[];
    expect(values.length).toBe(10_000);
    expect(values[9_999]).toBeCloseTo(Math.sqrt(9_999));
    expect(values.every((v, i) => Math.abs(v - Math.sqrt(i)) < 1e-9)).toBe(true);
  });

  it("5,000 unawaited failures, then an await: the first failure surfaces and none of the calls is lost", async () => {
    const xs = py.builtins.list();
    const math = py.import("math");
    for (let i = 0; i < 5_000; i++) {
      math.sqrt(-1); // fails, nobody awaits it
      xs.append(i);
    }
    const error = (await py.builtins.len(xs).then(() => undefined, (e: unknown) => e)) as PythonError;
    expect(error).toBeInstanceOf(PythonError);
    expect(error.pythonMessage).toBe("math domain error");
    expect(error.callSite).toMatch(/hostile-values\.test\.ts/); // its notice (MSG_FAILED) was not dropped either
    // Each failure nobody awaited surfaces at a later await: this test starts the next one on a fresh process.
    await py.shutdown();
  });

  it("5,000 appends pipelined between unawaited calls all run", async () => {
    const xs = py.builtins.list();
    const math = py.import("math");
    for (let i = 0; i < 5_000; i++) {
      math.sqrt(i);
      xs.append(i);
    }
    expect(await py.builtins.len(xs)).toBe(5_000);
    expect(await py.builtins.sum(xs)).toBe((4_999 * 5_000) / 2);
  });
});

describe("values at the limits", () => {
  it("a tuple holding a 17 MiB string crosses (no fixed cap below the message's own size)", async () => {
    const big = "x".repeat(17 * 1024 * 1024);
    const xs = py.builtins.list();
    xs.append(1);
    xs.append(tuple(big));
    xs.append(2);
    expect(await py.builtins.len(xs)).toBe(3);
    expect(await py.builtins.len(xs[1][0])).toBe(big.length);
  });

  it(`a value nested deeper than ${MAX_NESTING} levels is refused in TypeScript, naming the limit; nothing around it is lost`, async () => {
    const xs = py.builtins.list();
    xs.append(1);
    expect(() => xs.append(nested(1_100))).toThrow(TypeError);
    expect(() => xs.append(nested(1_100))).toThrow(new RegExp(`nest at most ${MAX_NESTING} levels`));
    xs.append(nested(MAX_NESTING - 1)); // the deepest value that crosses
    xs.append(2);
    expect(await py.builtins.len(xs)).toBe(3);
    let depth = 0;
    let v: unknown = await xs[1];
    while (Array.isArray(v)) {
      depth++;
      v = v[0];
    }
    expect(depth).toBe(MAX_NESTING - 1);
  });

  it("Python values nested 1,100 deep come back, their deepest levels as a handle instead of failing", async () => {
    const deep = await py.eval("(lambda: [x := [], [x := [x] for _ in range(1100)]][0] or x)()");
    expect(Array.isArray(deep)).toBe(true);
  });

  it("integers of any size cross both ways as BigInt (past Python's 4,300-digit str limit)", async () => {
    const big = await py.eval("2**100000");
    expect(typeof big).toBe("bigint");
    expect(big).toBe(2n ** 100000n);
    const negative = -(3n ** 20000n);
    expect(await py.eval("x == -(3**20000)", { x: negative })).toBe(true);
    expect(await py.eval("x", { x: negative })).toBe(negative);
  });
});

describe("nothing Python puts in a message ends the server", () => {
  it("an exception whose message holds a lone surrogate is reported, with the surrogate escaped", async () => {
    const failed = py.exec("name = b'caf\\xe9.csv'.decode('utf-8', 'surrogateescape')\nraise ValueError(f'cannot read {name}')");
    const error = (await failed.then(() => undefined, (e: unknown) => e)) as PythonError;
    expect(error).toBeInstanceOf(PythonError);
    expect(error.type).toBe("ValueError");
    expect(error.pythonMessage).toBe("cannot read caf\\udce9.csv");
    expect(await py.eval("1 + 1")).toBe(2);
  });

  it("a string value with lone surrogates (a file name that is not UTF-8) arrives escaped", async () => {
    expect(await py.eval("b'caf\\xe9.csv'.decode('utf-8', 'surrogateescape')")).toBe("caf\\udce9.csv");
  });

  it("printing a lone surrogate reaches the terminal escaped and does not fail the print", async () => {
    await py.exec("print(b'caf\\xe9'.decode('utf-8', 'surrogateescape'))");
    expect(await py.eval("2 + 2")).toBe(4);
  });

  it("a JS function called with a lone surrogate in its arguments gets it escaped", async () => {
    const seen: string[] = [];
    const callWithName = py.eval("lambda f: f(b'caf\\xe9'.decode('utf-8', 'surrogateescape'))");
    await callWithName((name: string) => void seen.push(name));
    expect(seen).toEqual(["caf\\udce9"]);
  });

  it("an exception whose __str__ raises is still reported", async () => {
    const code = "class Broken(Exception):\n  def __str__(self): raise RuntimeError('no str')\nraise Broken()";
    await expect(py.exec(code).then()).rejects.toThrow(/Broken: <unprintable Broken>/);
  });

  it("an object whose __repr__ and __len__ raise arrives as a settled handle", async () => {
    const code = "class Hostile:\n  def __repr__(self): raise RuntimeError('no repr')\n  def __len__(self): raise RuntimeError('no len')\nHostile()";
    await py.exec(code.split("\n").slice(0, 3).join("\n"));
    const handle = await py.eval("Hostile()");
    expect(String(handle)).toMatch(/repr failed/);
    expect(await py.eval("3")).toBe(3);
  });
});

describe("calls that could never be answered fail at once", () => {
  it("a JS function called in a forked DataLoader worker raises there, and the loop rejects instead of hanging", async () => {
    const torch = py.import("torch", { convert: false });
    const dataset = torch.utils.data.TensorDataset(torch.arange(20));
    const loader = torch.utils.data.DataLoader(dataset, { batch_size: 5, num_workers: 1, collate_fn: (batch: unknown[]) => batch.length });
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const v of iterate(loader)) seen.push(v);
    })().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(PythonError);
    expect((error as PythonError).pythonMessage).toMatch(/a JavaScript function cannot be called from a forked process/);
    expect(seen).toEqual([]);
  });
});

describe("a batch Python cannot read", () => {
  it("fails its awaited operations with the reason, and the server serves the next batch", async () => {
    const session = py.current();
    await session.started;
    // A batch whose body is cut short: its id is readable, the rest is not. Sent raw under an id the session
    // knows, as if its own operations had been encoded wrongly.
    const internals = session as unknown as {
      transport: { send(f: Uint8Array[]): void };
      replies: {
        outstanding: Map<number, number[]>;
        pending: Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>;
      };
      nextBatchId: number;
      nextOpId: number;
      updateKeepAlive(): void;
    };
    const batchId = internals.nextBatchId++;
    const opId = internals.nextOpId++;
    const answer = new Promise((resolve, reject) => internals.replies.pending.set(opId, { resolve, reject }));
    internals.replies.outstanding.set(batchId, [opId]);
    internals.updateKeepAlive();
    // [batchId, null, [[...]]] with the inner array's header promising 3 items and giving none.
    internals.transport.send([Buffer.from([0x93, 0xce, ...u32(batchId), 0xc0, 0x91, 0x93])]);
    const error = await answer.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeError);
    expect(String(error)).toMatch(/could not read the operations sent together with this one, so none of them ran: undecodable message/);
    expect(await py.eval("5")).toBe(5);
  });
});

function u32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}
