// Arrays crossing the bridge both ways: every dtype, any number of dimensions, the layouts numpy can hand
// over (non-contiguous, Fortran order, big-endian), and torch tensors.
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Bridge, NDArray, item, py, recordFunction, slice, toJs, type DType, type TypedArray } from "../../src/index.js";
import { KEEP_FREE_BYTES, leavesRoom, type SharedArrayFiles } from "../../src/bridge/process/shared-arrays.js";

afterAll(() => py.shutdown());

const np = py.import("numpy");
const torch = py.import("torch");
const describeArray = py.eval(
  "lambda a: [type(a).__name__, a.dtype.name, list(a.shape), a.flags.c_contiguous, a.flags.writeable, a.tolist()]",
);

const samples: [DType, TypedArray, unknown[]][] = [
  ["uint8", Uint8Array.from([0, 1, 255]), [0, 1, 255]],
  ["int8", Int8Array.from([-128, 0, 127]), [-128, 0, 127]],
  ["int16", Int16Array.from([-32768, 0, 32767]), [-32768, 0, 32767]],
  ["uint16", Uint16Array.from([0, 1, 65535]), [0, 1, 65535]],
  ["int32", Int32Array.from([-(2 ** 31), 0, 2 ** 31 - 1]), [-(2 ** 31), 0, 2 ** 31 - 1]],
  ["uint32", Uint32Array.from([0, 1, 2 ** 32 - 1]), [0, 1, 2 ** 32 - 1]],
  ["int64", BigInt64Array.from([-(2n ** 63n), 0n, 2n ** 63n - 1n]), [-(2n ** 63n), 0, 2n ** 63n - 1n]],
  ["uint64", BigUint64Array.from([0n, 1n, 2n ** 64n - 1n]), [0, 1, 2n ** 64n - 1n]],
  ["float32", Float32Array.from([-1.5, 0, 3.25]), [-1.5, 0, 3.25]],
  ["float64", Float64Array.from([-1e300, 0.1, Math.PI]), [-1e300, 0.1, Math.PI]],
];

describe("JS -> Python", () => {
  it.each(samples)("a %s typed array becomes a writable numpy array of that dtype", async (dtype, data, list) => {
    const [type, name, shape, contiguous, writeable, values] = await describeArray(data);
    expect([type, name, shape, contiguous, writeable]).toEqual(["ndarray", dtype, [3], true, true]);
    expect((values as unknown[]).map((v) => (typeof v === "bigint" ? v : Number(v)))).toEqual(
      list.map((v) => (typeof v === "bigint" ? v : Number(v))),
    );
  });

  it("float16 and bool travel as Uint16Array bits and Uint8Array with their dtype", async () => {
    // 0x3c00 is 1.0, 0xc000 is -2.0, 0x7c00 is +inf in IEEE half precision.
    const half = new NDArray(Uint16Array.from([0x3c00, 0xc000, 0x7c00]), [3], "float16");
    expect(await describeArray(half)).toEqual(["ndarray", "float16", [3], true, true, [1, -2, Infinity]]);
    const mask = new NDArray(Uint8Array.from([1, 0, 1]), [3], "bool");
    expect(await describeArray(mask)).toEqual(["ndarray", "bool", [3], true, true, [true, false, true]]);
  });

  it("an NDArray keeps its shape, including 0-d and empty arrays", async () => {
    const cube = new NDArray(Int32Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]);
    const [, , shape, , , values] = await describeArray(cube);
    expect(shape).toEqual([2, 3, 4]);
    expect(values).toEqual(cube.toArray());
    expect(await describeArray(new NDArray(Float64Array.of(7), []))).toEqual(["ndarray", "float64", [], true, true, 7]);
    expect((await describeArray(new NDArray(new Float32Array(0), [0, 5])))[2]).toEqual([0, 5]);
  });

  it("a subarray sends only its own elements", async () => {
    const whole = Float64Array.from([1, 2, 3, 4, 5]);
    expect((await describeArray(whole.subarray(1, 4)))[5]).toEqual([2, 3, 4]);
    const rows = new NDArray(Uint8Array.from({ length: 12 }, (_, i) => i), [4, 3]).slice(1, 3);
    expect((await describeArray(rows))[5]).toEqual([[3, 4, 5], [6, 7, 8]]);
  });

  it("the array is a view of the received bytes, not an element-by-element rebuild", async () => {
    const big = new Float32Array(1 << 20).fill(2);
    // owndata is False when numpy wraps memory it did not allocate: the message's bytes themselves.
    expect(await py.eval("lambda a: [a.flags.owndata, float(a.sum())]")(big)).toEqual([false, 2 * (1 << 20)]);
  });

  it("Python can modify what it received in place without touching the JS array", async () => {
    const x = Float32Array.from([1, 2, 3]);
    const doubled = py.eval("lambda a: (a.__imul__(2), a)[1]")(x);
    expect(await toJs(doubled)).toEqual(new NDArray(Float32Array.from([2, 4, 6]), [3]));
    expect([...x]).toEqual([1, 2, 3]);
  });

  it("a buffer refilled between pipelined calls sends each fill", async () => {
    const buf = new Float32Array(1000);
    const seen = py.builtins.list();
    for (let i = 0; i < 3; i++) {
      buf.fill(i);
      seen.append(py.eval("lambda a: float(a[0])")(buf));
    }
    expect(await seen).toEqual([0, 1, 2]);
  });

  it("torch.tensor(ndarray, { dtype }) and torch.from_numpy work on it", async () => {
    const x = new NDArray(Uint8Array.from([0, 128, 255, 1, 2, 3]), [2, 3]);
    const t = torch.tensor(x, { dtype: torch.float32 });
    expect(await py.eval("lambda t: [str(t.dtype), list(t.shape), t.tolist()]")(t)).toEqual([
      "torch.float32",
      [2, 3],
      [[0, 128, 255], [1, 2, 3]],
    ]);
    const shared = torch.from_numpy(x);
    shared.add_(1); // from_numpy shares memory with the received array: no copy, writable
    expect(await py.eval("lambda t: [str(t.dtype), t.tolist()]")(shared)).toEqual([
      "torch.uint8",
      [[1, 129, 0], [2, 3, 4]],
    ]);
  });

  it("bad arrays are refused with a clear error", () => {
    expect(() => new NDArray(new Float32Array(6), [4, 2])).toThrow(/shape \[4, 2\] needs 8 elements, the data has 6/);
    expect(() => new NDArray(new Float32Array(2), [2], "int32")).toThrow(/dtype int32 needs a Int32Array/);
    expect(() => new NDArray(new Float32Array(2), [2], "complex64" as DType)).toThrow(/unknown dtype "complex64"/);
    expect(() => new NDArray([1, 2] as unknown as Float32Array)).toThrow(/must be a typed array, got a Array/);
    expect(() => new NDArray(new Float32Array(2), [2.5] as number[])).toThrow(/non-negative integers/);
  });
});

describe("Python -> JS", () => {
  const roundTrip = py.eval("lambda dtype, values: __import__('numpy').array(values, dtype=dtype)");

  it.each(samples)("a numpy %s array becomes an NDArray over the matching typed array", async (dtype, data, list) => {
    const a = (await roundTrip(dtype, list)) as NDArray;
    expect(a).toBeInstanceOf(NDArray);
    expect(a.dtype).toBe(dtype);
    expect(a.data).toBeInstanceOf(data.constructor);
    expect([...a.data]).toEqual([...data]);
  });

  it("float16 arrives as raw bits with dtype float16, bool as 0/1 bytes with dtype bool", async () => {
    const half = (await roundTrip("float16", [1, -2, 0.5])) as NDArray;
    expect(half.dtype).toBe("float16");
    expect(half.data).toBeInstanceOf(Uint16Array);
    expect([...half.data]).toEqual([0x3c00, 0xc000, 0x3800]);
    expect(half.toArray()).toEqual([1, -2, 0.5]);
    const mask = (await roundTrip("bool", [true, false, true])) as NDArray;
    expect([mask.dtype, mask.data.constructor.name, [...mask.data]]).toEqual(["bool", "Uint8Array", [1, 0, 1]]);
    expect(mask.toArray()).toEqual([true, false, true]);
  });

  it("any number of dimensions, 0-d and empty included", async () => {
    const a = (await np.arange(120, { dtype: "int16" }).reshape(2, 3, 4, 5)) as NDArray;
    expect([a.shape, a.get(1, 2, 3, 4), a.get(0, 0, 0, 1)]).toEqual([[2, 3, 4, 5], 119, 1]);
    const scalar = (await np.array(2.5)) as NDArray;
    expect([scalar.shape, scalar.size, scalar.toArray()]).toEqual([[], 1, 2.5]);
    const empty = (await np.zeros([0, 3], { dtype: "float32" })) as NDArray;
    expect([empty.shape, empty.size, empty.data.constructor.name]).toEqual([[0, 3], 0, "Float32Array"]);
  });

  it("non-contiguous, Fortran-ordered and big-endian arrays arrive in C order, native byte order", async () => {
    const base = np.arange(12, { dtype: "int32" }).reshape(3, 4);
    const expected = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]];
    expect(((await py.eval("lambda a: a.T")(base)) as NDArray).toArray()).toEqual(
      expected[0]!.map((_, j) => expected.map((row) => row[j])),
    );
    expect(((await py.eval("lambda a: a[::2, 1::2]")(base)) as NDArray).toArray()).toEqual([[1, 3], [9, 11]]);
    expect(((await np.asfortranarray(base)) as NDArray).toArray()).toEqual(expected);
    const big = (await py.eval("lambda a: a.astype('>f8')")(base)) as NDArray;
    expect([big.dtype, big.toArray()]).toEqual(["float64", expected]);
    const bigInt = (await py.eval("lambda: __import__('numpy').array([1, -2, 70000], dtype='>i4')")()) as NDArray;
    expect([...bigInt.data]).toEqual([1, -2, 70000]);
  });

  it("await toJs(tensor) gives the NDArray of a torch tensor, detached and on the CPU", async () => {
    const t = torch.arange(6, { dtype: torch.float32, requires_grad: true }).reshape(2, 3);
    const a = (await toJs(t.mul(2))) as NDArray;
    expect([a.dtype, a.shape, a.toArray()]).toEqual(["float32", [2, 3], [[0, 2, 4], [6, 8, 10]]]);
    const permuted = (await toJs(torch.arange(6, { dtype: torch.int64 }).reshape(2, 3).permute(1, 0))) as NDArray;
    expect([permuted.dtype, permuted.data.constructor.name, permuted.toArray()]).toEqual([
      "int64",
      "BigInt64Array",
      [[0n, 3n], [1n, 4n], [2n, 5n]],
    ]);
    const mask = (await toJs(torch.tensor([true, false]))) as NDArray;
    expect(mask.dtype).toBe("bool");
  });

  it("the bytes sent are those of the moment of the request, even if a later operation changes the array", async () => {
    // Replies are sent from the array's own memory: an in-place change pipelined right behind the request
    // must not reach the bytes still in flight.
    const t = torch.zeros(1 << 23, { dtype: torch.float32 });
    const before = toJs(t);
    t.add_(1);
    const a = (await before) as NDArray<Float32Array>;
    expect(a.data[0]).toBe(0);
    expect(a.data[a.size - 1]).toBe(0);
    expect(((await toJs(t)) as NDArray<Float32Array>).data[0]).toBe(1);
  });

  it("a JS array sent to Python and back has the same bytes", async () => {
    const x = new NDArray(Float32Array.from({ length: 3 * 32 * 32 * 3 }, (_, i) => i / 7), [3, 32, 32, 3]);
    const back = (await toJs(torch.from_numpy(x))) as NDArray<Float32Array>;
    expect(back.shape).toEqual([3, 32, 32, 3]);
    expect(Buffer.from(back.data.buffer, back.data.byteOffset, back.data.byteLength).equals(
      Buffer.from(x.data.buffer, x.data.byteOffset, x.data.byteLength),
    )).toBe(true);
  });
});

describe("large arrays through shared memory (a local process, /dev/shm)", () => {
  const sharedDir = () => (py.current() as unknown as { shared?: { dir: string } }).shared?.dir;
  const big = () => new NDArray(Float32Array.from({ length: 1 << 19 }, (_, i) => i), [512, 1024]); // 2 MiB

  it("an array over 1 MiB arrives whole, writable, and is the call's own copy", async () => {
    const x = big();
    const sum = np.sum(x, { dtype: np.float64 });
    const shape = np.shape(x);
    x.data.fill(-1); // changed right after the call: Python has the bytes of the moment of the call
    expect(await sum).toBe(((x.size - 1) * x.size) / 2);
    expect(await shape).toEqual([512, 1024]);
    const [type, name, dims, contiguous, writeable] = (await py.eval(
      "lambda a: [type(a).__name__, a.dtype.name, list(a.shape), a.flags.c_contiguous, a.flags.writeable]",
    )(big())) as unknown[];
    expect([type, name, dims, contiguous, writeable]).toEqual(["ndarray", "float32", [512, 1024], true, true]);
  });

  const files = () => (py.current() as unknown as { shared: SharedArrayFiles }).shared;
  const sumOf = (x: NDArray) => ((x.size - 1) * x.size) / 2;

  /** The file of the shared folder holding `bytes` bytes in the given state ("mapped", "free"), if any. */
  const fileOf = (bytes: number, state: string) =>
    readdirSync(sharedDir()!).find((n) => n.endsWith(`.${state}`) && statSync(join(sharedDir()!, n)).size === bytes);
  const ofMiB = (mib: number) => new NDArray(new Float32Array((mib << 20) / 4).fill(1), [mib, 1 << 18]);

  it("reuses a file once Python has let go of the array (its pages stay warm); never more than it may keep", async () => {
    expect(sharedDir()).toMatch(/^\/dev\/shm\/tsreticulate-/);
    const mapped = await py.scope(async () => {
      const t = torch.from_numpy(ofMiB(3));
      expect(await t.sum().item()).toBe(3 << 18);
      return fileOf(3 << 20, "mapped"); // the tensor views the file, which is Python's now
    });
    expect(mapped).toMatch(/^\d+\.mapped$/);
    const number = mapped!.split(".")[0];
    await py.eval("__import__('gc').collect")(); // runs after the scope's release: the file is given back
    expect(fileOf(3 << 20, "free")).toBe(`${number}.free`);
    const t = torch.from_numpy(ofMiB(3));
    expect(await t.sum().item()).toBe(3 << 18);
    expect(fileOf(3 << 20, "mapped")).toBe(`${number}.mapped`); // the same file again
    expect(files().held.free).toBeLessThanOrEqual(KEEP_FREE_BYTES);
  });

  it("a file written for a call that did not happen is the client's again", async () => {
    const mappedBefore = readdirSync(sharedDir()!).filter((n) => n.endsWith(".mapped")).length;
    // A call whose second argument cannot cross: the first one's file was written, no operation names it.
    expect(() => np.add(big(), Symbol("no"))).toThrow(/cannot pass a symbol/);
    expect(await np.ones(1).sum()).toBe(1); // the next batch goes out
    expect(readdirSync(sharedDir()!).filter((n) => n.endsWith(".mapped")).length).toBe(mappedBefore);
    expect(files().held.inUse).toBe(0);
    expect(files().held.free).toBeGreaterThan(0);
  });

  it("a file a forked process may still view is never written again: unlinked when Python lets go", async () => {
    const mapped = await py.scope(async () => {
      const a = np.asarray(ofMiB(5));
      // A child with the parent's mappings sleeps a moment, then leaves without running finalizers.
      const pid = (await py.eval(
        "lambda a: (lambda pid: pid if pid else (__import__('time').sleep(0.2), __import__('os')._exit(0)))(__import__('os').fork())",
      )(a)) as number;
      expect(pid).toBeGreaterThan(0);
      expect(await py.eval("lambda pid: __import__('os').waitpid(pid, 0)[1]")(pid)).toBe(0);
      return fileOf(5 << 20, "mapped");
    });
    expect(mapped).toMatch(/^\d+\.mapped$/);
    await py.eval("__import__('gc').collect")();
    const number = mapped!.split(".")[0]!;
    expect(readdirSync(sharedDir()!).filter((n) => n.split(".")[0] === number)).toEqual([]);
    expect(await np.sum(ofMiB(5), { dtype: np.float64 })).toBe(5 << 18); // a new file serves the next one
  });

  it("a recorded function keeps a large constant (recordings use frames)", async () => {
    const c = big();
    const f = recordFunction((x: any) => np.add(x, c).sum(), 1);
    expect(await f(np.zeros([512, 1024], { dtype: np.float32 }))).toBe(((c.size - 1) * c.size) / 2);
    expect(await f(np.ones([512, 1024], { dtype: np.float32 }))).toBe(((c.size - 1) * c.size) / 2 + c.size);
  });

  it("falls back to frames when the shared folder cannot take the file (gone, or tmpfs full)", async () => {
    const other = new Bridge();
    const n = other.import("numpy");
    expect(await n.sum(Float32Array.of(1, 2))).toBe(3);
    const dir = (other.current() as unknown as { shared: { dir: string } }).shared.dir;
    rmSync(dir, { recursive: true });
    expect(await n.sum(big(), { dtype: n.float64 })).toBe(((big().size - 1) * big().size) / 2);
    await other.shutdown();
  });

  it("leaves room in /dev/shm for others (torch's DataLoader workers): a small or full one gets frames", () => {
    const MiB = 2 ** 20;
    const tmpfs = (totalMiB: number, freeMiB: number) => ({ bsize: 4096, blocks: (totalMiB * MiB) / 4096, bavail: (freeMiB * MiB) / 4096 });
    expect(leavesRoom(tmpfs(24 * 1024, 24 * 1024), 123 * MiB)).toBe(true);
    expect(leavesRoom(tmpfs(64, 64), 2 * MiB)).toBe(false); // a container's default /dev/shm
    expect(leavesRoom(tmpfs(1024, 300), 100 * MiB)).toBe(false); // would leave less than 256 MiB
    expect(leavesRoom(tmpfs(8 * 1024, 2300), 400 * MiB)).toBe(false); // would leave less than a quarter
    expect(leavesRoom(tmpfs(8 * 1024, 6000), 400 * MiB)).toBe(true);
  });

  it("reused files never mix two calls' bytes: refills pipelined, released, and kept, each seen as sent", async () => {
    const x = big();
    const kept: unknown[] = [];
    const before = Math.max(0, ...readdirSync(sharedDir()!).map((n) => Number(n.split(".")[0])));
    for (let round = 0; round < 6; round++) {
      // One tensor per round outlives its scope (the scope returns it): its file must not be reused.
      const [sums, first] = await py.scope(async () => {
        const pending: Promise<unknown>[] = [];
        const tensors: any[] = [];
        for (let k = 0; k < 4; k++) {
          x.data.fill(round * 10 + k); // the same JS array, refilled right after each call
          tensors.push(torch.from_numpy(x));
          pending.push(tensors[k].sum({ dtype: torch.float64 }).item());
        }
        return [await Promise.all(pending), tensors[0]] as const;
      });
      kept.push(first);
      expect(sums).toEqual([0, 1, 2, 3].map((k) => (round * 10 + k) * x.size));
    }
    const keptSums = await Promise.all(kept.map((t: any) => t.sum({ dtype: torch.float64 }).item()));
    expect(keptSums).toEqual([0, 1, 2, 3, 4, 5].map((round) => round * 10 * x.size));
    // Files were reused: 24 calls, far fewer files ever made (the highest name is how many).
    const made = Math.max(...readdirSync(sharedDir()!).map((n) => Number(n.split(".")[0])));
    expect(made).toBeLessThan(before + 24);
  });

  it("the folder goes with its process", async () => {
    const other = new Bridge();
    const n = other.import("numpy");
    expect(await n.sum(big(), { dtype: n.float64 })).toBe(((big().size - 1) * big().size) / 2);
    const dir = (other.current() as unknown as { shared: { dir: string } }).shared.dir;
    expect(existsSync(dir)).toBe(true);
    await other.shutdown();
    expect(existsSync(dir)).toBe(false);
  });
});

describe("toJs(x, { into }): the bytes go into the caller's typed array", () => {
  const held = () => (py.current() as unknown as { shared: SharedArrayFiles }).shared.held;

  it("a large tensor fills `into` itself, through a shared file that is the client's again afterwards", async () => {
    const into = new Float32Array(1 << 20);
    const t = torch.arange(1 << 20, { dtype: torch.float32 }).reshape([1024, 1024]);
    const got = await toJs(t.mul(2), { into });
    const typed: Float32Array = got.data; // typed as `into` is (tsc checks this file)
    // @ts-expect-error: the data of a Float32Array destination is no Float64Array
    const mistyped: Float64Array = got.data;
    expect([typed, mistyped]).toEqual([into, into]);
    expect(got.data).toBe(into);
    expect([got.dtype, got.shape]).toEqual(["float32", [1024, 1024]]);
    expect([into[0], into[1], into[(1 << 20) - 1]]).toEqual([0, 2, 2 * ((1 << 20) - 1)]);
    expect(held().inUse).toBe(0);
    // Again into the same memory: the next values replace the last.
    await toJs(t.add(1), { into });
    expect([into[0], into[(1 << 20) - 1]]).toEqual([1, 1 << 20]);
  });

  it("a smaller array fills the start of `into`; small and non-contiguous ones come as frames", async () => {
    const into = new Float64Array(8).fill(-1);
    const got = await toJs(np.arange(6, { dtype: np.float64 }).reshape([2, 3]).T, { into });
    expect(got.shape).toEqual([3, 2]);
    expect([...got.data]).toEqual([0, 3, 1, 4, 2, 5]);
    expect(got.data.buffer).toBe(into.buffer);
    expect([...into]).toEqual([0, 3, 1, 4, 2, 5, -1, -1]);
    const big = new Int32Array(1 << 19);
    const strided = await toJs(item(np.arange(1 << 20, { dtype: np.int32 }), slice(null, null, 2)), { into: big });
    expect([strided.data[1], strided.data[(1 << 19) - 1]]).toEqual([2, (1 << 20) - 2]);
  });

  it("rejects, leaving `into` unchanged, what it cannot fill", async () => {
    const into = new Float32Array(4).fill(7);
    const t = torch.ones([2, 3]);
    await expect(toJs(t, { into })).rejects.toThrow(RangeError);
    await expect(toJs(t, { into })).rejects.toThrow(/6 elements; into holds 4/);
    await expect(toJs(t.double(), { into: new Float32Array(6) })).rejects.toThrow(/float64 \[2, 3\], which fills a Float64Array; into is a Float32Array/);
    await expect(toJs(py.eval("[1, 2]"), { into })).rejects.toThrow(/one array or tensor, but the value is a list of 2/);
    await expect(toJs(t, { into: [0, 0, 0] as never })).rejects.toThrow(/takes a typed array to fill \(Float32Array, ...\), got a plain Array/);
    await expect(toJs(py.eval("1 / 0"), { into })).rejects.toThrow(/ZeroDivisionError/);
    expect([...into]).toEqual([7, 7, 7, 7]);
    const large = new Float32Array(1 << 19);
    await expect(toJs(torch.ones([1 << 20]), { into: large })).rejects.toThrow(RangeError);
    expect(held().inUse).toBe(0);
  });
});

describe("the shared folder's budget (python/tsreticulate/shared.py)", () => {
  it("gives a file back only while the folder's free files stay within --shared-keep; else unlinks it", async () => {
    await py.exec(`
def _shared_budget_check():
    import gc, os, tempfile
    from tsreticulate import shared
    folder = tempfile.mkdtemp()
    for name in ("1", "2", "3"):
        with open(os.path.join(folder, name), "wb") as f:
            f.write(b"x" * 4096)
    for name in ("1", "2"):
        mapping = shared.map_shared_array(folder, name, 4096, 8192)
        del mapping
        gc.collect()
    return sorted(os.listdir(folder))
`);
    const run = py.eval("_shared_budget_check");
    // Let go of "1": "2" and "3" (8192 bytes) are free already, 12288 > 8192, so it is unlinked. Then "2":
    // with "3" alone free, 8192 ≤ 8192, so it is given back.
    expect(await run()).toEqual(["2.free", "3"]);
  });
});
