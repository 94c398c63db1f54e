// mean, sd and standardise: R's results, over typed arrays and NDArrays of any dtype.
import { describe, expect, it } from "vitest";
import { NDArray } from "../../src/index.js";
import { mean, sd, standardise } from "../../src/workshop/index.js";

describe("mean and sd", () => {
  it("match R's mean() and sd() (sample standard deviation, n - 1)", () => {
    const x = Float64Array.from([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(mean(x)).toBe(5);
    expect(sd(x)).toBeCloseTo(2.138089935299395, 14); // R: sd(c(2, 4, 4, 4, 5, 5, 7, 9))
  });

  it("work over every element of an NDArray, whatever its dtype and shape", () => {
    const pixels = new NDArray(Uint8Array.from({ length: 2 * 4 * 4 * 3 }, (_, i) => i % 256), [2, 4, 4, 3]);
    expect(mean(pixels)).toBe(47.5);
    expect(sd(pixels)).toBeCloseTo(Math.sqrt((96 * 97) / 12), 10); // 0..95: variance n(n+1)/12
    expect(mean(BigInt64Array.from([1n, 2n, 3n]))).toBe(2);
    expect(mean(new NDArray(Uint16Array.from([0x3c00, 0x4000]), [2], "float16"))).toBe(1.5);
  });

  it("stay exact where a running sum of squares would not (large offset, many elements)", () => {
    const x = new Float64Array(1_000_000);
    for (let i = 0; i < x.length; i++) x[i] = 1e9 + (i % 2);
    expect(mean(x)).toBe(1e9 + 0.5);
    expect(sd(x)).toBeCloseTo(Math.sqrt(0.25 * (x.length / (x.length - 1))), 9);
  });

  it("give NaN where R does: mean of nothing, sd of one value", () => {
    expect(mean(new Float32Array(0))).toBeNaN();
    expect(sd(Float32Array.of(3))).toBeNaN();
  });

  it("refuse what is not an array of numbers, saying what it got", () => {
    expect(() => mean([1, 2, 3] as unknown as Float64Array)).toThrow(/mean\(\) takes a typed array or an NDArray, got a JS array/);
    expect(() => sd("12" as unknown as Float64Array)).toThrow(/sd\(\) takes a typed array or an NDArray, got a string/);
  });
});

describe("standardise", () => {
  it("is (x - mean) / sd as float32, keeping an NDArray's shape", () => {
    const x = new NDArray(Uint8Array.from([0, 128, 255, 64, 32, 16]), [2, 3]);
    const m = mean(x);
    const s = sd(x);
    const z = standardise(x, m, s);
    expect([z.dtype, z.shape]).toEqual(["float32", [2, 3]]);
    expect(z.data[2]).toBeCloseTo((255 - m) / s, 6);
    expect(mean(z)).toBeCloseTo(0, 6);
    expect(sd(z)).toBeCloseTo(1, 6);
    const plain = standardise(Float64Array.from([1, 2, 3]), 2, 1);
    expect(plain).toBeInstanceOf(Float32Array);
    expect([...plain]).toEqual([-1, 0, 1]);
  });

  it("refuses an sd that is zero, negative or not a number", () => {
    expect(() => standardise(Float32Array.of(1), 0, 0)).toThrow(/sd must be a positive finite number, got 0/);
    expect(() => standardise(Float32Array.of(1), 0, NaN)).toThrow(/got NaN/);
    expect(() => standardise(Float32Array.of(1), "0" as unknown as number, 1)).toThrow(/takes numbers for mean and sd/);
  });
});
