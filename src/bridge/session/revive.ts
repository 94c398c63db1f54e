// The second pass over a decoded reply (codec.ts marks the replies that need one): handles become proxies, array
// frames NDArrays, the dict and set markers Maps and Sets; and the reply of `toJs(x, { into })`, whose array's
// bytes go into the caller's typed array instead.
import { ArrayRef, DICT_MARK, HandleRef, INTO_FILE, SET_MARK, dictFromPairs } from "../wire/codec.js";
import { BridgeError } from "../errors/errors.js";
import { NDArray, viewOf, type DType } from "../wire/ndarray.js";
import { fillInto, notOneArray } from "../wire/into.js";
import type { SharedArrayFiles } from "../process/shared-arrays.js";
import type { IntoTarget } from "./replies.js";

/** A proxy for a handle that arrived (the proxy layer's `settled`, for one session). */
export type Settle = (ref: number, typeName: string, repr: string | null, convert: boolean) => unknown;

/** Turns handles into settled proxies and array frames into NDArrays, in place. */
export function revive(value: unknown, frames: Buffer[], settle: Settle, convert: boolean): unknown {
  const walk = (v: unknown): unknown => {
    if (typeof v !== "object" || v === null) return v;
    if (v instanceof HandleRef) return settle(v.ref, v.typeName, v.repr, convert);
    if (v instanceof ArrayRef) return ndarray(v, frames);
    if (Array.isArray(v)) {
      if (v[0] === DICT_MARK) return dictFromPairs(walk(v[1]) as [unknown, unknown][]);
      if (v[0] === SET_MARK) return new Set(walk(v[1]) as unknown[]);
      for (let i = 0; i < v.length; i++) v[i] = walk(v[i]);
      return v;
    }
    if (v instanceof Map) {
      const out = new Map();
      for (const [k, x] of v) out.set(walk(k), walk(x));
      return out;
    }
    if (v instanceof Set) return new Set([...v].map(walk));
    if (ArrayBuffer.isView(v)) return v;
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) o[k] = walk(o[k]);
    return o;
  };
  return walk(value);
}

/**
 * The reply of `toJs(x, { into })`: an array's bytes copied into the caller's typed array (into.ts), from the
 * shared file lent for them (`shared`, a local process's) or from the reply's frame.
 */
export function reviveInto(
  wire: unknown,
  frames: Buffer[],
  into: IntoTarget,
  shared: SharedArrayFiles | undefined,
  settle: Settle,
): NDArray {
  if (!(wire instanceof ArrayRef)) throw notOneArray(revive(wire, frames, settle, true));
  return fillInto(wire, into.array, (dest) => {
    if (wire.frame === INTO_FILE) {
      if (into.file === undefined || !shared) throw new BridgeError("a reply names a shared file, and none was lent");
      shared.read(into.file, dest);
    } else {
      const bytes = frames[wire.frame + 1];
      if (bytes?.byteLength !== dest.byteLength) throw new BridgeError(`a reply's array frame ${wire.frame} is missing or of the wrong size`);
      dest.set(bytes);
    }
  });
}

function ndarray(a: ArrayRef, frames: Buffer[]): NDArray {
  const bytes = frames[a.frame + 1];
  if (!bytes) throw new BridgeError(`a reply names array frame ${a.frame}, which it does not carry`);
  const dtype = a.dtype as DType;
  const length = a.shape.reduce((x, y) => x * y, 1);
  return new NDArray(viewOf(dtype, bytes, length), a.shape, dtype);
}
