// Values both ways, with their edge cases, and bad input that must not cross.
import { afterAll, describe, expect, it } from "vitest";
import { dict, float, py, toJs, tuple } from "../../src/index.js";

afterAll(() => py.shutdown());

const roundTrip = py.eval("lambda v: v");
const reprOf = (v: unknown) => py.builtins.repr(v);

describe("JS -> Python -> JS", () => {
  it("special floats: NaN, ±Infinity, -0", async () => {
    expect(await reprOf([NaN, Infinity, -Infinity, -0])).toBe("[nan, inf, -inf, -0.0]");
    const back = (await roundTrip([NaN, Infinity, -Infinity, -0, 0.1])) as number[];
    expect(back[0]).toBeNaN();
    expect(back[1]).toBe(Infinity);
    expect(back[2]).toBe(-Infinity);
    expect(Object.is(back[3], -0)).toBe(true);
    expect(back[4]).toBe(0.1);
  });

  it("integers: 2^53 + 1 as BigInt, 64-bit limits, and past them", async () => {
    const big = 2n ** 53n + 1n;
    expect(await reprOf(big)).toBe("9007199254740993");
    expect(await roundTrip(big)).toBe(big);
    expect(await roundTrip(2n ** 64n - 1n)).toBe(2n ** 64n - 1n);
    expect(await roundTrip(-(2n ** 63n))).toBe(-(2n ** 63n));
    expect(await roundTrip(2n ** 100n)).toBe(2n ** 100n);
    expect(await roundTrip(-(2n ** 100n))).toBe(-(2n ** 100n));
    expect(await roundTrip(2 ** 40)).toBe(2 ** 40); // exact integers come back as numbers
    expect(await py.eval("2**53 - 1")).toBe(Number.MAX_SAFE_INTEGER);
    expect(await py.eval("2**53 + 1")).toBe(2n ** 53n + 1n); // beyond exact numbers: BigInt
  });

  it("integers of any size: past Python's 4,300-digit limit on decimal strings", async () => {
    expect(await py.eval("2**100000")).toBe(2n ** 100000n);
    expect(await py.eval("lambda x: x == -(2**100000) + 7")(-(2n ** 100000n) + 7n)).toBe(true);
    expect(await roundTrip(-(2n ** 70000n))).toBe(-(2n ** 70000n));
  });

  it("Dates, numpy string and object arrays, bytearrays", async () => {
    const date = new Date(Date.UTC(2024, 1, 29, 12, 30, 15, 250));
    expect(await roundTrip(date)).toEqual(date);
    expect(await reprOf(date)).toBe("datetime.datetime(2024, 2, 29, 12, 30, 15, 250000, tzinfo=datetime.timezone.utc)");
    expect(await py.eval("__import__('datetime').date(2024, 2, 29)")).toEqual(new Date(Date.UTC(2024, 1, 29)));
    expect(await py.eval("__import__('numpy').array([['a', 'bc'], ['d', 'e']])")).toEqual([["a", "bc"], ["d", "e"]]);
    expect(await py.eval("__import__('numpy').array([1, 'x', None], dtype=object)")).toEqual([1, "x", null]);
    expect(await py.eval("__import__('numpy').array([b'a', b'b'])")).toEqual([Buffer.from("a"), Buffer.from("b")]);
    expect(await py.eval("bytearray(b'ab')")).toEqual(Buffer.from("ab"));
    expect(() => roundTrip(new Date(NaN))).toThrow(/cannot pass an instance of Date to Python \(at args\[0\]\): the Date is invalid/);
  });

  it("strings: non-BMP unicode, empty, NUL", async () => {
    const s = "emoji 🐱🐶, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢, e\u0301, \u0000 end";
    expect(await roundTrip(s)).toBe(s);
    expect(await py.builtins.len(s)).toBe([...s].length); // Python counts code points
    expect(await roundTrip("")).toBe("");
  });

  it("empty containers keep their kinds", async () => {
    expect(await reprOf([[], tuple(), dict({}), {}])).toBe("[[], (), {}, {}]");
    expect(await roundTrip([[], tuple(), {}])).toEqual([[], [], {}]);
    expect(await py.eval("set()")).toEqual(new Set());
  });

  it("nested tuples in lists in dicts", async () => {
    const v = dict({ a: [tuple(1, tuple(2, [3, tuple()])), { b: [tuple("x")] }] });
    expect(await reprOf(v)).toBe("{'a': [(1, (2, [3, ()])), {'b': [('x',)]}]}");
    expect(await roundTrip(v)).toEqual({ a: [[1, [2, [3, []]]], { b: [["x"]] }] });
  });

  it("Maps with non-string keys, Sets, bytes, floats", async () => {
    expect(await reprOf(new Map<unknown, unknown>([[1, "a"], [tuple(1, 2), "b"]]))).toBe("{1: 'a', (1, 2): 'b'}");
    expect(await py.eval("{1: 'a', (1, 2): 'b'}")).toEqual(new Map<unknown, unknown>([[1, "a"], [[1, 2], "b"]]));
    // ... and such a Map goes back as it came: its array key is a tuple again (a list cannot be a key).
    const roundTrip = await py.eval("{1: 'a', (1, 2): 'b'}");
    expect(await reprOf(roundTrip)).toBe("{1: 'a', (1, 2): 'b'}");
    expect(await reprOf(new Set([1]))).toBe("{1}");
    expect(await reprOf(Buffer.from("hi"))).toBe("b'hi'");
    expect(Buffer.from((await py.eval("b'\\x00\\xff'")) as Uint8Array)).toEqual(Buffer.from([0, 255]));
    expect(await reprOf(float(3))).toBe("3.0");
    expect(await py.eval("True")).toBe(true);
  });

  it("a dict key named __proto__ is a key, not a prototype", async () => {
    const o = JSON.parse('{"__proto__": 1, "x": 2}') as Record<string, number>;
    expect(await py.builtins.sorted(py.eval("lambda d: list(d.keys())")(dict(o)))).toEqual(["__proto__", "x"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // ... both ways: Python's dict comes back with "__proto__" as an own key (msgpackr alone would rename it).
    const back = (await py.eval("{'__proto__': {'polluted': 1}, 'x': 2}")) as Record<string, unknown>;
    expect(Object.keys(back)).toEqual(["__proto__", "x"]);
    expect(Object.getOwnPropertyDescriptor(back, "__proto__")?.value).toEqual({ polluted: 1 });
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(back.polluted).toBeUndefined();
    expect(await py.eval("{1: 'a', 2: 'b'}")).toEqual(new Map([[1, "a"], [2, "b"]]));
  });

  it("many dicts with non-string keys, sets and big ints nested in one reply come back whole", async () => {
    // These travel inline behind a marker (python/tsreticulate/codec.py), so they nest in any order, beside
    // handles and long strings, and a list starting with a dict is still a list.
    const v = (await py.eval(
      "[{i: ({'s' * 20, i}, 2**70 + i, frozenset([i])), (i, 'k'): [{i}]} for i in range(3000)] + [[{1: 2}, 3], {'__proto__': {5}}, object]",
    )) as unknown[];
    expect(v).toHaveLength(3003);
    const m = v[2999] as Map<unknown, unknown>;
    expect([...m.keys()]).toEqual([2999, [2999, "k"]]);
    const [set, big, frozen] = m.get(2999) as [Set<unknown>, bigint, Set<unknown>];
    expect(set).toEqual(new Set(["s".repeat(20), 2999]));
    expect(big).toBe(2n ** 70n + 2999n);
    expect(frozen).toEqual(new Set([2999]));
    expect(m.get([...m.keys()][1])).toEqual([new Set([2999])]);
    expect(v[3000]).toEqual([new Map([[1, 2]]), 3]);
    expect((v[3001] as Record<string, unknown>)["__proto__"]).toEqual(new Set([5]));
    expect(typeof v[3002]).toBe("function"); // a handle: the class `object`
  });

  it("a self-referencing Python list comes back without looping", async () => {
    const v = (await py.eval("(lambda l: (l.append(l), l)[1])([1])")) as unknown[];
    expect(v[0]).toBe(1);
    expect(typeof v[1]).toBe("function"); // the cycle is a handle
  });

  it("toJs and await agree on plain values", async () => {
    expect(await toJs(py.eval("[1, 'a', None]"))).toEqual([1, "a", null]);
  });
});

describe("bad input gets a TypeError naming its path, and nothing is sent", () => {
  const f = py.eval("lambda *a, **k: len(a)");

  it("a symbol", () => {
    expect(() => f(1, Symbol("s"))).toThrow(/cannot pass a symbol \(s\) to Python \(at args\[1\]\)/);
  });

  it("a circular object", () => {
    const o: Record<string, unknown> = { a: 1 };
    o.self = o;
    expect(() => f([o])).toThrow(/refers to itself.*|at args\[0\]\[0\]\.self/);
    expect(() => f([o])).toThrow(TypeError);
  });

  it("a class instance that is not a plain object, deep in keyword arguments", () => {
    class Point {
      x = 1;
    }
    expect(() => f(1, { metrics: [new Point()] })).toThrow(
      /cannot pass an instance of Point to Python \(at kwargs\.metrics\[0\]\)/,
    );
    expect(() => f(1, [2, { metrics: [new WeakMap()] }], {})).toThrow(/at args\[1\]\[1\]\.metrics\[0\]/);
  });

  it("the process is unharmed by rejected input", async () => {
    expect(await f(1, 2)).toBe(2);
  });
});
