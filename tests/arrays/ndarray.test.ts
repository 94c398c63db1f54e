// NDArray on its own: shapes, views without copies, element access, clear errors.
import { describe, expect, it } from "vitest";
import { NDArray, halfToNumber, reshape } from "../../src/index.js";

const images = () => new NDArray(Uint8Array.from({ length: 4 * 2 * 2 * 3 }, (_, i) => i), [4, 2, 2, 3]);

describe("NDArray", () => {
  it("gives a typed array a shape without copying it; a 0-d array holds one element", () => {
    const data = new Float32Array(6);
    const a = new NDArray(data, [2, 3]);
    expect([a.data === data, a.shape, a.size, a.ndim, a.dtype]).toEqual([true, [2, 3], 6, 2, "float32"]);
    const scalar = new NDArray(Float64Array.of(4.5), []);
    expect([scalar.shape, scalar.ndim, scalar.get(), scalar.toArray()]).toEqual([[], 0, 4.5, 4.5]);
    expect(new NDArray(new Int16Array(5)).shape).toEqual([5]);
  });

  it("reshape shares the data and infers one -1 dimension", () => {
    const x = images();
    const flat = x.reshape(4, -1);
    expect([flat.shape, flat.data === x.data]).toEqual([[4, 12], true]);
    expect(x.reshape([-1]).shape).toEqual([48]);
    const fromTyped = reshape(new Int32Array(6), [3, 2]);
    expect([fromTyped.shape, fromTyped.dtype]).toEqual([[3, 2], "int32"]);
    expect(() => x.reshape(5, -1)).toThrow(/cannot reshape an array of size 48 into \[5, -1\]/);
    expect(() => x.reshape(2, 2)).toThrow(/cannot reshape \[4, 2, 2, 3\] \(48 elements\) into \[2, 2\]/);
    expect(() => x.reshape(-1, -1)).toThrow(/only one dimension/);
  });

  it("slice and at are views along the first axis, with Python's negative indices", () => {
    const x = images();
    const firstTwo = x.slice(0, 2);
    expect([firstTwo.shape, firstTwo.data.buffer === x.data.buffer, firstTwo.data.length]).toEqual([[2, 2, 2, 3], true, 24]);
    expect(x.slice(-1).shape).toEqual([1, 2, 2, 3]);
    expect(x.slice(-1).get(0, 0, 0, 0)).toBe(36);
    expect(x.slice(3, 1).shape).toEqual([0, 2, 2, 3]); // an empty slice, as numpy's x[3:1]
    expect(x.slice(1, 100).shape).toEqual([3, 2, 2, 3]);
    const last = x.at(-1);
    expect([last.shape, last.get(1, 1, 2)]).toEqual([[2, 2, 3], 47]);
    last.data[0] = 200; // a view: writing through it writes the original
    expect(x.get(3, 0, 0, 0)).toBe(200);
    expect(() => x.at(4)).toThrow(/index 4 is out of bounds for axis 0 of size 4/);
    expect(() => new NDArray(Float64Array.of(1), []).slice(0)).toThrow(/0-d array cannot be sliced/);
  });

  it("get and toArray decode float16 and bool as numpy's item() and tolist() do", () => {
    const half = new NDArray(Uint16Array.from([0x3c00, 0xc000, 0x0001, 0x7c00, 0xfc00, 0x7e00]), [6], "float16");
    expect(half.toArray()).toEqual([1, -2, 2 ** -24, Infinity, -Infinity, NaN]);
    expect(half.get(1)).toBe(-2);
    expect(halfToNumber(0x3555)).toBeCloseTo(1 / 3, 3);
    const mask = new NDArray(Uint8Array.from([1, 0, 1, 1]), [2, 2], "bool");
    expect(mask.toArray()).toEqual([[true, false], [true, true]]);
  });

  it("refuses bad shapes, dtypes and data with a message naming what was wrong", () => {
    expect(() => new NDArray(new Float32Array(6), [4, 2])).toThrow(/shape \[4, 2\] needs 8 elements, the data has 6/);
    expect(() => new NDArray(new Float32Array(2), [-2] as number[])).toThrow(/non-negative integers, got \[-2\]/);
    expect(() => new NDArray(new Float32Array(2), "2" as unknown as number[])).toThrow(/shape must be an array/);
    expect(() => new NDArray(new Uint8Array(2), [2], "float16")).toThrow(/dtype float16 needs a Uint16Array/);
    expect(() => images().get(0, 0)).toThrow(/get\(\) needs 4 indices, got 2/);
    expect(() => reshape([1, 2] as unknown as Float32Array, [2])).toThrow(/reshape\(\) takes an NDArray or a typed array/);
  });
});
