// The msgpackr instance and the wire classes of the extension table (codes.ts). Array bytes never go through
// msgpack: an NDArray extension names the ZeroMQ frame that holds them.
//
// msgpackr is loaded on first use (the first message, sent once Python has been spawned), so that its load
// overlaps Python's start-up; require() takes its one-file CommonJS build, faster to load than its ESM modules.
import { createRequire } from "node:module";
import type * as Msgpackr from "msgpackr";
import { Ext } from "./codes.js";
import { readArrayPayload, readHandlePayload, readStringPayload } from "./ext-payloads.js";

// Wire values, JS -> Python. Each is a tiny class so that msgpackr can pick its extension by constructor.
export class WireRef {
  constructor(readonly ref: number) {}
}
export class WireTuple {
  constructor(readonly items: unknown[]) {}
}
export class WireFloat {
  constructor(readonly value: number) {}
}
/** An integer past 64 bits, as hexadecimal text (hexOfBigInt). */
export class WireBigInt {
  constructor(readonly digits: string) {}
}
export class WireDict {
  constructor(readonly pairs: [unknown, unknown][]) {}
}
export class WireCallback {
  constructor(
    readonly id: number,
    readonly mode: number,
    /** The JS function's parameters (js-params.ts), for its Python signature; null when unknown. */
    readonly params: unknown[] | null = null,
  ) {}
}
export class WireNDArray {
  constructor(
    readonly dtype: string,
    readonly shape: number[],
    readonly frame: number,
  ) {}
}
export class WireSharedArray {
  constructor(
    readonly dtype: string,
    readonly shape: number[],
    /** The file of the server's shared folder that holds the bytes (shared-arrays.ts). */
    readonly name: string,
  ) {}
}
export class WireSet {
  constructor(readonly items: unknown[]) {}
}
export class WireSlice {
  constructor(readonly parts: [unknown, unknown, unknown]) {}
}

// Wire values, Python -> JS, before the session turns them into proxies and NDArrays.
export class HandleRef {
  constructor(
    readonly ref: number,
    readonly typeName: string,
    readonly repr: string | null,
  ) {}
}
/** The frame index of an array whose bytes Python wrote into the shared file lent for the reply (into.ts). */
export const INTO_FILE = -1;

export class ArrayRef {
  constructor(
    readonly dtype: string,
    readonly shape: number[],
    readonly frame: number,
  ) {}
}

/**
 * The markers Python puts before a dict that a JS object cannot hold and before a set: `[DICT_MARK, pairs]`,
 * `[SET_MARK, items]` (python/tsreticulate/codec.py says why inline); the session's second pass makes them a Map
 * (or an object) and a Set.
 */
export const DICT_MARK: unique symbol = Symbol("tsreticulate.dict");
export const SET_MARK: unique symbol = Symbol("tsreticulate.set");

/** Set by the readers of HandleRef, ArrayRef and the markers: tells the session a decoded value needs a second pass. */
export const decodeFlags = { special: false };

let packr: Msgpackr.Packr | undefined;

function loadCodec(): Msgpackr.Packr {
  const { Packr, addExtension } = createRequire(import.meta.url)("msgpackr") as typeof Msgpackr;
  packr = new Packr({
    useRecords: false,
    mapsAsObjects: true,
    int64AsType: "auto" as "number", // "auto" (numbers where exact, else BigInt) is missing from the typings
    variableMapSize: true,
    encodeUndefinedAsNil: true,
    moreTypes: false,
  });
  registerExtensions(addExtension);
  return packr;
}

function inner(value: unknown): Buffer {
  return packr!.pack(value);
}

/**
 * An extension's payload, decoded as a message of its own. msgpackr saves its state for that, which copies the rest
 * of the message: the extensions Python sends many of are therefore read by hand (ext-payloads.ts) or travel
 * inline behind a marker (DICT_MARK, SET_MARK), and this serves the rest (and layouts the readers do not know).
 */
function unpackInner(buffer: Uint8Array): unknown {
  return packr!.unpack(buffer);
}

// msgpackr's `write` hook lays an extension out in a msgpackr-only way (a tag, then the value after it);
// Python's msgpack reads standard ext payloads, so every extension here packs its own payload.
function registerExtensions(addExtension: typeof Msgpackr.addExtension): void {
  addExtension({ Class: WireRef, type: Ext.REF, pack: (v: WireRef) => inner(v.ref), unpack: unpackInner });
  addExtension({
    Class: WireTuple,
    type: Ext.TUPLE,
    pack: (v: WireTuple) => inner(v.items),
    unpack: unpackInner,
  });
  addExtension({
    Class: WireFloat,
    type: Ext.FLOAT,
    pack: (v: WireFloat) => {
      const b = Buffer.allocUnsafe(8);
      b.writeDoubleBE(v.value);
      return b;
    },
    unpack: (b: Uint8Array) => Buffer.from(b).readDoubleBE(0),
  });
  addExtension({
    Class: WireBigInt,
    type: Ext.BIGINT,
    pack: (v: WireBigInt) => inner(v.digits),
    unpack: (b: Uint8Array) => bigIntOfHex(readStringPayload(b) ?? (unpackInner(b) as string)),
  });
  addExtension({
    Class: WireDict,
    type: Ext.DICT,
    pack: (v: WireDict) => inner(v.pairs),
    unpack: () => marker(DICT_MARK),
  });
  addExtension({
    Class: WireCallback,
    type: Ext.CALLBACK,
    pack: (v: WireCallback) => inner(v.params ? [v.id, v.mode, v.params] : [v.id, v.mode]),
    unpack: unpackInner,
  });
  addExtension({
    Class: WireNDArray,
    type: Ext.NDARRAY,
    pack: (v: WireNDArray) => inner([v.dtype, v.shape, v.frame]),
    unpack: (b: Uint8Array) => {
      const [dtype, shape, frame] = readArrayPayload(b) ?? (unpackInner(b) as [string, number[], number]);
      decodeFlags.special = true;
      return new ArrayRef(dtype, shape, frame);
    },
  });
  addExtension({
    Class: WireSharedArray,
    type: Ext.SHARED_ARRAY,
    pack: (v: WireSharedArray) => inner([v.dtype, v.shape, v.name]),
    unpack: unpackInner,
  });
  addExtension({
    Class: WireSet,
    type: Ext.SET,
    pack: (v: WireSet) => inner(v.items),
    unpack: () => marker(SET_MARK),
  });
  addExtension({
    Class: HandleRef,
    type: Ext.HANDLE,
    pack: (v: HandleRef) => inner([v.ref, v.typeName, v.repr]),
    unpack: (b: Uint8Array) => {
      const [ref, typeName, repr] = readHandlePayload(b) ?? (unpackInner(b) as [number, string, string | null]);
      decodeFlags.special = true;
      return new HandleRef(ref, typeName, repr);
    },
  });
  addExtension({
    Class: WireSlice,
    type: Ext.SLICE,
    pack: (v: WireSlice) => inner(v.parts),
    unpack: unpackInner,
  });
}

/**
 * An integer outside the 64-bit range travels as hexadecimal ("-0x1f"): Python's int <-> decimal string conversion
 * refuses more than 4,300 digits (sys.int_max_str_digits), a power-of-two base has no such limit.
 */
export function hexOfBigInt(v: bigint): string {
  return v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
}

function bigIntOfHex(text: string): bigint {
  return text.startsWith("-") ? -BigInt(text.slice(1)) : BigInt(text);
}

/** A marker read (DICT_MARK, SET_MARK): the session's second pass turns the list it heads into a Map or a Set. */
function marker<M extends symbol>(mark: M): M {
  decodeFlags.special = true;
  return mark;
}

/**
 * A Python dict sent as pairs: a Map when a key is not a string (an int, a tuple), else an object. Python sends a
 * string-keyed dict as pairs only when a key is "__proto__", which a msgpack map cannot carry to JS (msgpackr
 * renames it); defineProperty makes it an own property, as any other key.
 */
export function dictFromPairs(pairs: [unknown, unknown][]): Map<unknown, unknown> | Record<string, unknown> {
  if (!pairs.every(([k]) => typeof k === "string")) return new Map(pairs);
  const out: Record<string, unknown> = {};
  for (const [k, v] of pairs) Object.defineProperty(out, k as string, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

export function encode(value: unknown): Buffer {
  return (packr ?? loadCodec()).pack(value);
}

export function decode(buffer: Uint8Array): unknown {
  return (packr ?? loadCodec()).unpack(buffer);
}
