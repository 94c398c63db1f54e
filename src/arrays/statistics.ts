// mean, sd and standardise over typed arrays and NDArrays: the R functions the workshop calls on its
// training images (`mean(x_train)`, `sd(x_train)`, `(x - mean) / sd`).
//
// mean and sd come from stdlib's two-pass routines (pairwise summation, then a corrected second pass), which
// stay accurate over the 30 million uint8 pixels of the workshop's training set where a naive running sum of
// squares would not. standardise is a single fused loop written here: stdlib's strided map calls a function
// per element, which is several times slower for the same arithmetic.
import { createRequire } from "node:module";
import { NDArray, halfToNumber, type TypedArray } from "../bridge/wire/ndarray.js";

// stdlib's packages are CommonJS, about 50 files: required on first use, so that importing tsreticulate does
// not load them for scripts that never call mean or sd.
const require = createRequire(import.meta.url);
let meanpn: typeof import("@stdlib/stats-base-meanpn") | undefined;
let variancepn: typeof import("@stdlib/stats-base-variancepn") | undefined;

/** What the statistics accept: a typed array, or an NDArray (its elements, whatever its shape). */
export type Numeric = TypedArray | NDArray;

/** The arithmetic mean of all elements (R's `mean`). NaN for an empty array. */
export function mean(x: Numeric): number {
  const data = numbersOf(x, "mean");
  return data.length === 0 ? NaN : (meanpn ??= require("@stdlib/stats-base-meanpn"))(data.length, data, 1);
}

/** The sample standard deviation of all elements, with n - 1 in the denominator (R's `sd`). */
export function sd(x: Numeric): number {
  const data = numbersOf(x, "sd");
  return Math.sqrt((variancepn ??= require("@stdlib/stats-base-variancepn"))(data.length, 1, data, 1));
}

/**
 * `(x - mean) / sd` as float32, the form a model trains on: a Float32Array for a typed array, an NDArray of
 * the same shape for an NDArray.
 */
export function standardise(x: NDArray, mean: number, sd: number): NDArray<Float32Array>;
export function standardise(x: TypedArray, mean: number, sd: number): Float32Array;
export function standardise(x: Numeric, mean: number, sd: number): Float32Array | NDArray<Float32Array> {
  if (typeof mean !== "number" || typeof sd !== "number") {
    throw new TypeError(`standardise(x, mean, sd) takes numbers for mean and sd, got ${typeof mean} and ${typeof sd}`);
  }
  if (!(sd > 0) || !Number.isFinite(sd)) {
    throw new RangeError(`standardise(): sd must be a positive finite number, got ${sd}`);
  }
  const data = numbersOf(x, "standardise");
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = (data[i]! - mean) / sd;
  return x instanceof NDArray ? new NDArray(out, x.shape) : out;
}

type NumberArray = Exclude<TypedArray, BigInt64Array | BigUint64Array>;

/** The elements as numbers: the data itself, except 64-bit integers and float16, which are decoded once. */
function numbersOf(x: Numeric, fn: string): NumberArray {
  const nd = x instanceof NDArray ? x : undefined;
  const data = nd ? nd.data : x;
  if (!ArrayBuffer.isView(data) || data instanceof DataView) {
    throw new TypeError(`${fn}() takes a typed array or an NDArray, got ${describe(x)}`);
  }
  if (nd?.dtype === "float16") return Float64Array.from(data as Uint16Array, halfToNumber);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Float64Array.from(data, Number);
  return data as NumberArray;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a JS array (make it a Float64Array first)";
  if (typeof v === "function") return "a Python object (await toJs(...) to get an NDArray)";
  if (typeof v === "object") return `a ${(v as object).constructor?.name ?? "object"}`;
  return `a ${typeof v}`;
}
