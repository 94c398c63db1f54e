// `toJs(x, { into })`: the caller's typed array receives the bytes of an array (or tensor) from Python, so that a
// loop reading many arrays of one shape reuses one buffer. Memory that was written before is warm: on this machine
// a copy into it runs at about 10 GB/s, against 0.3-1.7 GB/s into memory just allocated, which is what a new
// NDArray's data always is (BENCHMARKS.md, "the memory floor").
import type { ArrayRef } from "./codec.js";
import { describeValue } from "./conversion.js";
import { NDArray, typedArrayOf, type DType, type TypedArray } from "./ndarray.js";

/** The typed array of `toJs(x, { into })`, checked; a TypeError names what is wrong. */
export function intoTarget(into: unknown): TypedArray {
  if (!ArrayBuffer.isView(into) || into instanceof DataView) {
    const got = Array.isArray(into) ? "a plain Array" : describeInto(into);
    throw new TypeError(`toJs(x, { into }) takes a typed array to fill (Float32Array, ...), got ${got}`);
  }
  return into as TypedArray;
}

/**
 * The NDArray of an array reply whose bytes go into `into`: `fill` copies them into the bytes it is given. Its
 * data is `into` itself, or the part of it the array fills. Throws, before copying anything, if the array does
 * not fit or `into` is not the typed array of its dtype.
 */
export function fillInto(a: ArrayRef, into: TypedArray, fill: (dest: Uint8Array) => void): NDArray {
  const dtype = a.dtype as DType;
  const Ctor = typedArrayOf[dtype];
  const length = a.shape.reduce((x, y) => x * y, 1);
  if (!(into instanceof Ctor)) {
    throw new TypeError(
      `toJs(x, { into }): the array is ${dtype} [${a.shape.join(", ")}], which fills a ${Ctor.name}; ` +
        `into is a ${into.constructor.name}`,
    );
  }
  if (length > into.length) {
    throw new RangeError(
      `toJs(x, { into }): the array is ${dtype} [${a.shape.join(", ")}], ${length} elements; ` +
        `into holds ${into.length}`,
    );
  }
  const data = length === into.length ? into : into.subarray(0, length);
  fill(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return new NDArray(data, a.shape, dtype);
}

/** The TypeError for a reply that is not one array. */
export function notOneArray(value: unknown): TypeError {
  return new TypeError(
    `toJs(x, { into }) fills a typed array with one array or tensor, but the value is ${describeInto(value)}; ` +
      "call toJs(x) without into for it",
  );
}

function describeInto(v: unknown): string {
  return Array.isArray(v) ? `a list of ${v.length}` : describeValue(v);
}
