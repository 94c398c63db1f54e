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

/** An n-dimensional array in C order: `data` holds the elements, `shape` the dimensions. */
export class NDArray<T extends TypedArray = TypedArray> {
  readonly data: T;
  readonly shape: readonly number[];
  readonly dtype: DType;

  constructor(data: T, shape?: readonly number[], dtype?: DType) {
    this.data = data;
    this.shape = shape ? [...shape] : [data.length];
    this.dtype = dtype ?? dtypeOf(data);
    const size = this.shape.reduce((a, b) => a * b, 1);
    if (size !== data.length) {
      throw new RangeError(`shape [${this.shape.join(", ")}] needs ${size} elements, the data has ${data.length}`);
    }
    if (typedArrayOf[this.dtype].BYTES_PER_ELEMENT !== data.BYTES_PER_ELEMENT) {
      throw new TypeError(`dtype ${this.dtype} does not match a ${data.constructor.name}`);
    }
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }

  get ndim(): number {
    return this.shape.length;
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
    return this.data[flat]!;
  }

  /** Nested JS arrays, as numpy's tolist(). */
  toArray(): unknown {
    const build = (axis: number, offset: number): unknown => {
      if (axis === this.shape.length) return this.dtype === "bool" ? this.data[offset] !== 0 : this.data[offset];
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
