// JS values -> wire values (the rules of the translation table). The reverse direction is decoding plus the
// session's pass that turns handles into proxies and array frames into NDArrays.
import { MAX_NESTING, ValueMode } from "./codes.js";
import {
  WireBigInt,
  WireCallback,
  WireDict,
  WireFloat,
  WireNDArray,
  WireRef,
  WireSet,
  WireSharedArray,
  WireSlice,
  WireTuple,
  hexOfBigInt,
} from "./codec.js";
import { PyDict, PyFloat, PySlice, PyTuple } from "./markers.js";
import { NDArray, dtypeOf, type TypedArray } from "./ndarray.js";
import { jsParams } from "./js-params.js";

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;
const TWO_31 = 2 ** 31;

/** What the conversion needs from the session: handles for proxies, ids for JS functions, a frame list. */
export interface WireSink {
  /** The handle id of a proxy (materializing it if needed), or undefined if `value` is not a proxy. */
  refOf(value: unknown): number | undefined;
  /** The id under which a JS function is callable from Python. */
  callbackId(fn: Function, mode: number): number;
  /** Adds a buffer as a frame of the batch being built, returning its index. */
  addFrame(bytes: Uint8Array): number;
  /** Writes a large array to shared memory, returning the file's name (undefined: send a frame). */
  shareArray?(bytes: Uint8Array): string | undefined;
}

/** Marks a JS function whose Python-side arguments arrive as proxies, not converted values. */
export class CallbackOptions {
  constructor(
    readonly fn: Function,
    readonly mode: number,
  ) {}
}

/**
 * Set by src/keras/subclass.ts: a JS class made with pyClass() crosses as the Python class it stands for (a
 * hook, not an import, so that conversion does not depend on the layer above it).
 */
export const functionStandIn: { of: (fn: Function) => unknown } = { of: () => undefined };

/** A JS function for Python: `callback(fn, { convert: false })` makes its arguments arrive as proxies. */
export function callback(fn: Function, options: { convert?: boolean } = {}): CallbackOptions {
  if (typeof fn !== "function") throw new TypeError(`callback() takes a function, got ${typeof fn}`);
  return new CallbackOptions(fn, options.convert === false ? ValueMode.SHALLOW : ValueMode.CONVERT);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** What a JS value is, for error messages: "a symbol (x)", "an instance of Date", "a function", "null". */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "symbol") return `a symbol (${String(v.description ?? "")})`;
  if (typeof v === "object" && v !== null) return `an instance of ${v.constructor?.name ?? "an unknown class"}`;
  return `a ${typeof v}`;
}

function formatPath(path: (string | number)[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

/**
 * Whether `items` (a call's arguments) are already their own wire form: strings, booleans, null, and numbers
 * that msgpack encodes as Python will read them (32-bit integers, finite non-integers). Most calls pass such
 * arguments, and they skip toWire's walk and its allocations.
 */
export function isWireReady(items: readonly unknown[]): boolean {
  for (let i = 0; i < items.length; i++) if (!isWireScalar(items[i])) return false;
  return true;
}

/** A value whose wire form is itself: toWire returns it unchanged. */
function isWireScalar(v: unknown): boolean {
  switch (typeof v) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isInteger(v) ? v < TWO_31 && v >= -TWO_31 && !Object.is(v, -0) : Number.isFinite(v);
    default:
      return v === null;
  }
}

/** Converts a JS value to its wire form. Throws a TypeError naming the path of a value that cannot cross. */
export function toWire(value: unknown, sink: WireSink, path: (string | number)[]): unknown {
  const ancestors = new Set<object>();

  const fail = (v: unknown, why?: string): never => {
    throw new TypeError(`cannot pass ${describeValue(v)} to Python (at ${formatPath(path)})${why ? `: ${why}` : ""}`);
  };

  const convert = (v: unknown): unknown => {
    switch (typeof v) {
      case "string":
      case "boolean":
        return v;
      case "undefined":
        return null;
      case "number":
        if (Number.isInteger(v) && !Object.is(v, -0)) {
          if (v < TWO_31 && v >= -TWO_31) return v;
          // msgpackr would send integers past 32 bits as float64; Python must see an int.
          return Number.isSafeInteger(v) ? BigInt(v) : new WireFloat(v);
        }
        return Number.isFinite(v) && !Object.is(v, -0) ? v : new WireFloat(v);
      case "bigint":
        return v >= INT64_MIN && v <= UINT64_MAX ? v : new WireBigInt(hexOfBigInt(v));
      case "symbol":
        return fail(v);
      case "function": {
        const ref = sink.refOf(v);
        if (ref !== undefined) return new WireRef(ref);
        const standIn = functionStandIn.of(v);
        if (standIn !== undefined) return convert(standIn);
        return new WireCallback(sink.callbackId(v, ValueMode.CONVERT), ValueMode.CONVERT, jsParams(v));
      }
    }
    if (v === null) return null;
    const o = v as object;
    if (ancestors.has(o)) return fail(v, "the value refers to itself (a circular structure)");
    if (o instanceof PyFloat) return new WireFloat(o.value);
    if (o instanceof Date) {
      // msgpack's timestamp: Python reads it as a datetime in UTC (codec.py).
      return Number.isNaN(o.getTime()) ? fail(v, "the Date is invalid") : o;
    }
    if (ArrayBuffer.isView(o)) {
      if (Buffer.isBuffer(o)) return o; // bytes
      if (o instanceof DataView) return fail(v, "pass the typed array or a Buffer instead of a DataView");
      const data = o as TypedArray;
      return arrayToWire(dtypeOf(data), [data.length], data);
    }
    if (o instanceof NDArray) return arrayToWire(o.dtype, [...o.shape], o.data);
    if (o instanceof ArrayBuffer) return Buffer.from(o);
    if (o instanceof CallbackOptions) return new WireCallback(sink.callbackId(o.fn, o.mode), o.mode, jsParams(o.fn));
    if (ancestors.size >= MAX_NESTING) {
      return fail(v, `containers nest at most ${MAX_NESTING} levels deep in a value sent to Python (codes.ts MAX_NESTING)`);
    }
    ancestors.add(o);
    try {
      if (Array.isArray(o)) return mapItems(o);
      if (o instanceof PyTuple) return new WireTuple(mapItems(o.items));
      if (o instanceof PyDict) {
        const entries = o.entries;
        return entries instanceof Map
          ? mapToWire(entries)
          : new WireDict(objectPairs(entries as Readonly<Record<string, unknown>>));
      }
      if (o instanceof Map) return mapToWire(o);
      if (o instanceof Set) return new WireSet(mapItems([...o]));
      if (o instanceof PySlice) {
        return new WireSlice([
          at("start", () => convert(o.start)),
          at("stop", () => convert(o.stop)),
          at("step", () => convert(o.step)),
        ]);
      }
      if (isPlainObject(o)) return objectToWire(o);
    } finally {
      ancestors.delete(o);
    }
    return fail(v, "only plain objects, arrays, Maps, Sets, Dates, typed arrays and tsreticulate values cross");
  };

  const arrayToWire = (dtype: string, shape: number[], data: TypedArray): WireNDArray | WireSharedArray => {
    const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (view.byteLength > SNAPSHOT_BYTES) {
      const name = sink.shareArray?.(view);
      if (name !== undefined) return new WireSharedArray(dtype, shape, name);
    }
    return new WireNDArray(dtype, shape, sink.addFrame(bytesOf(view)));
  };

  const at = <T>(key: string | number, f: () => T): T => {
    path.push(key);
    try {
      return f();
    } finally {
      path.pop();
    }
  };

  const mapItems = (items: readonly unknown[]): unknown[] => {
    const out = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      // Fast path for the common scalars: no path bookkeeping.
      out[i] = isWireScalar(item) ? item : at(i, () => convert(item));
    }
    return out;
  };

  const objectToWire = (o: Record<string, unknown>): Record<string, unknown> => {
    // A null-prototype object, so that a key named "__proto__" stays a key.
    const out: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(o)) {
      const item = o[key];
      if (item === undefined) continue; // like JSON: an undefined property is not there
      out[key] = at(key, () => convert(item));
    }
    return out;
  };

  const objectPairs = (o: Readonly<Record<string, unknown>>): [unknown, unknown][] =>
    Object.keys(o).map((key) => [key, at(key, () => convert(o[key]))]);

  const mapToWire = (m: ReadonlyMap<unknown, unknown>): WireDict => {
    const pairs: [unknown, unknown][] = [];
    let i = 0;
    for (const [k, item] of m) {
      const label = typeof k === "string" || typeof k === "number" ? k : `<key ${i}>`;
      // An array key is a tuple: a list cannot be a dict key, and a dict with tuple keys arrives as a Map whose keys
      // are arrays, so this is what makes it go back as it came.
      const key = Array.isArray(k) ? new PyTuple(k) : k;
      pairs.push([at(label, () => convert(key)), at(label, () => convert(item))]);
      i++;
    }
    return new WireDict(pairs);
  };

  return convert(value);
}

/**
 * Arrays up to this size are copied when the call is made and sent as frames; larger ones go through shared memory
 * to a local process (shared-arrays.ts), else from their own memory.
 */
export const SNAPSHOT_BYTES = 1 << 20;

/**
 * The bytes of an array argument, as a frame of the batch. Copies JS -> Python: zeromq.js sends a frame from
 * the typed array's own memory (no copy in Node), the kernel copies it twice (into the socket, out into the
 * ZeroMQ message libzmq allocates in Python), and numpy views that message (conversion.py). Because the bytes
 * are read when the batch goes out (a tick later, and for a large array while it streams), an array up to
 * SNAPSHOT_BYTES is copied here first, so that code refilling one buffer in a loop of pipelined calls sends
 * each fill: one more copy, of at most 1 MiB. A larger array goes through shared memory to a local process
 * (shared-arrays.ts, copied when the call is made); to a remote one it must not change until a result of the
 * call has been awaited.
 */
function bytesOf(view: Uint8Array): Uint8Array {
  return view.byteLength <= SNAPSHOT_BYTES ? Uint8Array.prototype.slice.call(view) : view;
}
