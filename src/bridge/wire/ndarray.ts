// NDArray: the JS side of a numpy array (and of a tensor, through toJs).

export type DType =
  | "bool"
  | "int8"
  | "uint8"
  | "int16"
  | "uint16"
  | "int32"
  | "uint32"
  | "int64"
  | "uint64"
  | "float16"
  | "float32"
  | "float64";

export type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

type TypedArrayConstructor = {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray;
  new (length: number): TypedArray;
  readonly BYTES_PER_ELEMENT: number;
};

export const typedArrayOf: Record<DType, TypedArrayConstructor> = {
  bool: Uint8Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  float16: Uint16Array, // raw IEEE half-precision bits: JS has no float16 array on Node 20
  float32: Float32Array,
  float64: Float64Array,
};

/** The dtype a typed array becomes in numpy. */
export function dtypeOf(data: TypedArray): DType {
  if (data instanceof Uint8Array || data instanceof Uint8ClampedArray) return "uint8";
  if (data instanceof Int8Array) return "int8";
  if (data instanceof Int16Array) return "int16";
  if (data instanceof Uint16Array) return "uint16";
  if (data instanceof Int32Array) return "int32";
  if (data instanceof Uint32Array) return "uint32";
  if (data instanceof BigInt64Array) return "int64";
  if (data instanceof BigUint64Array) return "uint64";
  if (data instanceof Float32Array) return "float32";
  return "float64";
}

/**
 * An n-dimensional array in C order: `data` holds the elements, `shape` the dimensions (`[]` for a 0-d
 * array, which holds one element). `new NDArray(data, shape)` gives a typed array a shape without copying it;
 * float16 data is a Uint16Array of raw half-precision bits, bool data a Uint8Array of 0 and 1.
 */
export class NDArray<T extends TypedArray = TypedArray> {
  readonly data: T;
  readonly shape: readonly number[];
  readonly dtype: DType;

  constructor(data: T, shape?: readonly number[], dtype?: DType) {
    if (!ArrayBuffer.isView(data) || data instanceof DataView) {
      throw new TypeError(`NDArray data must be a typed array, got ${describeValue(data)}`);
    }
    if (shape !== undefined && !Array.isArray(shape)) {
      throw new TypeError(`NDArray shape must be an array of dimensions, got ${describeValue(shape)}`);
    }
    if (dtype !== undefined && !Object.hasOwn(typedArrayOf, dtype)) {
      throw new TypeError(`unknown dtype ${JSON.stringify(dtype)}; one of ${Object.keys(typedArrayOf).join(", ")}`);
    }
    this.data = data;
    this.shape = shape ? checkShape(shape) : [data.length];
    this.dtype = dtype ?? dtypeOf(data);
    const size = sizeOf(this.shape);
    if (size !== data.length) {
      throw new RangeError(`shape [${this.shape.join(", ")}] needs ${size} elements, the data has ${data.length}`);
    }
    const Expected = typedArrayOf[this.dtype];
    if (!(data instanceof Expected) && !(Expected === Uint8Array && data instanceof Uint8ClampedArray)) {
      throw new TypeError(`dtype ${this.dtype} needs a ${Expected.name}, the data is a ${data.constructor.name}`);
    }
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** The same elements under another shape, sharing the data (no copy). One dimension may be -1. */
  reshape(...shape: number[] | [readonly number[]]): NDArray<T> {
    const dims = (shape.length === 1 && Array.isArray(shape[0]) ? shape[0] : shape) as readonly number[];
    return new NDArray(this.data, inferShape(dims, this.size, this.shape), this.dtype);
  }

  /**
   * numpy's `x[start:end]` along the first axis, sharing the data (no copy): `x.slice(0, 100)` is the first
   * 100 images of a [N, 32, 32, 3] array. Negative indices count from the end, as in Python.
   */
  slice(start = 0, end?: number): NDArray<T> {
    if (this.shape.length === 0) throw new RangeError("a 0-d array cannot be sliced");
    const n = this.shape[0]!;
    const clamp = (i: number, what: string): number => {
      if (!Number.isInteger(i)) throw new TypeError(`slice() ${what} must be an integer, got ${i}`);
      return Math.min(Math.max(i < 0 ? i + n : i, 0), n);
    };
    const from = clamp(start, "start");
    const to = Math.max(from, end === undefined ? n : clamp(end, "end"));
    const row = this.size / (n || 1);
    const data = this.data.subarray(from * row, to * row) as T;
    return new NDArray(data, [to - from, ...this.shape.slice(1)], this.dtype);
  }

  /** numpy's `x[i]`: the sub-array at index `i` of the first axis, sharing the data (no copy). */
  at(i: number): NDArray<T> {
    if (this.shape.length === 0) throw new RangeError("a 0-d array cannot be indexed");
    const n = this.shape[0]!;
    const k = i < 0 ? i + n : i;
    if (!Number.isInteger(k) || k < 0 || k >= n) throw new RangeError(`index ${i} is out of bounds for axis 0 of size ${n}`);
    return this.slice(k, k + 1).reshape(this.shape.slice(1));
  }
  /** The element at a multi-index (C order). */
  get(...index: number[]): number | bigint {
    if (index.length !== this.shape.length) {
      throw new RangeError(`get() needs ${this.shape.length} indices, got ${index.length}`);
    }
    let flat = 0;
    for (let i = 0; i < index.length; i++) {
      const n = this.shape[i]!;
      const k = index[i]! < 0 ? index[i]! + n : index[i]!;
      if (k < 0 || k >= n) throw new RangeError(`index ${index[i]} is out of bounds for axis ${i} of size ${n}`);
      flat = flat * n + k;
    }
    return this.element(flat);
  }

  /** The element at a flat index, as numpy's item(): float16 decoded, bool as 0/1. */
  private element(flat: number): number | bigint {
    const v = this.data[flat]!;
    return this.dtype === "float16" ? halfToNumber(v as number) : v;
  }

  /** Nested JS arrays, as numpy's tolist(). */
  toArray(): unknown {
    const build = (axis: number, offset: number): unknown => {
      if (axis === this.shape.length) return this.dtype === "bool" ? this.data[offset] !== 0 : this.element(offset);
      const n = this.shape[axis]!;
      const stride = this.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
      const out = new Array(n);
      for (let i = 0; i < n; i++) out[i] = build(axis + 1, offset + i * stride);
      return out;
    };
    return build(0, 0);
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    const preview = Array.from(this.data.subarray(0, 6) as ArrayLike<number | bigint>).join(", ");
    return `NDArray(${this.dtype}, [${this.shape.join(", ")}]) [${preview}${this.size > 6 ? ", …" : ""}]`;
  }
}

/** The same elements under another shape, with no copy: a typed array becomes an NDArray. */
export function reshape<T extends TypedArray>(x: NDArray<T> | T, shape: readonly number[]): NDArray<T> {
  if (x instanceof NDArray) return x.reshape(shape);
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return new NDArray(x, inferShape(shape, x.length, [x.length]));
  throw new TypeError(`reshape() takes an NDArray or a typed array, got ${describeValue(x)}`);
}

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function checkShape(shape: readonly number[]): number[] {
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new TypeError(`a shape holds non-negative integers, got [${shape.join(", ")}]`);
    }
  }
  return [...shape];
}

/** A shape for `size` elements; a single -1 stands for what the others leave, as in numpy. */
function inferShape(shape: readonly number[], size: number, from: readonly number[]): number[] {
  if (!Array.isArray(shape)) throw new TypeError(`reshape() takes a shape (an array of dimensions), got ${describeValue(shape)}`);
  const free = shape.indexOf(-1);
  if (free >= 0 && shape.indexOf(-1, free + 1) >= 0) throw new RangeError("reshape() can infer only one dimension (-1)");
  const known = sizeOf(checkShape(shape.filter((_, i) => i !== free)));
  const dims = [...shape];
  if (free >= 0) {
    if (known === 0 || size % known !== 0) {
      throw new RangeError(`cannot reshape an array of size ${size} into [${shape.join(", ")}]`);
    }
    dims[free] = size / known;
  }
  if (sizeOf(dims) !== size) {
    throw new RangeError(`cannot reshape [${from.join(", ")}] (${size} elements) into [${shape.join(", ")}]`);
  }
  return dims;
}

/** A float16's raw bits as a number (IEEE 754 binary16). */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "object") return `a ${(v as object).constructor?.name ?? "object"}`;
  return `a ${typeof v} (${String(v)})`;
}

export function isNDArray(v: unknown): v is NDArray {
  return v instanceof NDArray;
}

/** A typed array view of received bytes; copies only when the bytes are not aligned for the element type. */
export function viewOf(dtype: DType, bytes: Uint8Array, length: number): TypedArray {
  const Ctor = typedArrayOf[dtype];
  if (bytes.byteOffset % Ctor.BYTES_PER_ELEMENT === 0) return new Ctor(bytes.buffer, bytes.byteOffset, length);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Ctor(copy.buffer, 0, length);
}
