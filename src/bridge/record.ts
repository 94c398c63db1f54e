// Recording a JS function for Python: the function runs ONCE, on placeholder proxies, with the operations it
// issues set aside (Session.capture); they become a program that Python replays on each call
// (python/tsreticulate/recording.py), so Python can call it per batch, per layer call, with no round trip to
// TypeScript. This works for functions that only compose Python operations on their arguments: attribute and
// item reads, `batch[0] = ...`, method and function calls, `tuple(...)`. A function that needs JS per call (it
// awaits, turns a proxy into a JS value, branches on one) cannot be recorded; `pythonFunction` then falls back
// to a JS callback.
import { Op, RECORDED_OP_SHAPES } from "./wire/codes.js";
import { WireDict, WireNDArray, WireRef, WireSet, WireSlice, WireTuple } from "./wire/codec.js";
import { callback } from "./wire/conversion.js";
import { BridgeError, captureCallSite } from "./errors/errors.js";
import { isProxy, resultProxy, stateOf, type PyObject, type PyState } from "./proxy.js";
import { defaultBridge } from "./bridge-of.js";
import type { Bridge } from "./py.js";
import type { Session } from "./session/session.js";
import { recordOp, type Operation } from "./wire/operations.js";

/** Why a function could not be recorded; `pythonFunction` catches it and uses a JS callback instead. */
export class NotRecordableError extends BridgeError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    Object.defineProperty(this, "name", { value: "NotRecordableError", enumerable: false });
  }
}

/** The operations a program may hold, and where their handles and values are (codes.ts, shared with Python). */
const OP_SHAPES = RECORDED_OP_SHAPES;

/**
 * Reads that do not depend on the arguments (`torch.float32`, an import) run once, now, for real: reads are
 * treated as free of side effects, as the proxies' lazy reads already do, and a proxy made outside the
 * function and first used inside it keeps a handle that exists.
 */
const HOISTABLE = new Set<number>([Op.IMPORT, Op.GETATTR, Op.GETITEM]);

export interface RecordOptions {
  /** Whether values the recorded function hands back to JS arrive converted (the `convert` of the source). */
  convert?: boolean;
  /** A name for messages and the Python repr; the function's own name by default. */
  name?: string;
  /** The Python process to record it for. @default the pool job's bridge, else `py` */
  bridge?: Bridge;
}

/**
 * Records `fn` as a Python callable taking `arity` positional arguments: `fn` runs once, now, on placeholder
 * proxies, and each Python call replays what it did, inside Python. JS side effects of `fn` (logging,
 * counters) therefore happen once. Throws a NotRecordableError when `fn` needs JS per call.
 */
export function recordFunction(
  fn: (...args: PyObject[]) => unknown,
  arity: number = fn.length,
  options: RecordOptions = {},
): PyObject {
  if (typeof fn !== "function") throw new TypeError(`recordFunction() takes a function, got ${typeof fn}`);
  if (!Number.isInteger(arity) || arity < 0) {
    throw new TypeError(`recordFunction(): arity must be a whole number of arguments, got ${String(arity)}`);
  }
  const name = options.name ?? (fn.name || "anonymous function");
  if (isAsyncFunction(fn)) {
    throw new NotRecordableError(`${name} is an async function: it needs JS at each call and cannot be recorded`);
  }
  const site = captureCallSite();
  const session = defaultBridge(options.bridge).current();
  const convert = options.convert ?? true;
  const params = Array.from({ length: arity }, () => session.newRef());
  const placeholders = params.map((ref, i) => resultProxy(session, ref, `${name}(argument ${i})`, convert));
  const touched = new Set<PyState>();
  for (const p of placeholders) touched.add(stateOf(p)!);

  let captured: { result: { wire?: unknown; promise?: PromiseLike<unknown> }; ops: Operation[]; frames: Uint8Array[] };
  try {
    captured = session.capture(() => {
      const result = fn(...placeholders);
      // A proxy is thenable too, but it is what the function returns, not a promise of it.
      if (!isProxy(result) && isThenable(result)) return { promise: result };
      return { wire: session.toWire(result, ["return value"]) };
    }, touched);
  } catch (e) {
    discard(touched, params);
    const why = e instanceof Error ? e.message : String(e);
    throw new NotRecordableError(`${name} could not be recorded: ${why}`, { cause: e });
  }
  if (captured.result.promise) {
    discard(touched, params);
    Promise.resolve(captured.result.promise).catch(() => undefined); // it ran on placeholders: its outcome is moot
    throw new NotRecordableError(`${name} returns a promise: it needs JS at each call and cannot be recorded`);
  }

  const unrecordable = captured.ops.find((op) => OP_SHAPES[op[0] as number] === undefined);
  if (unrecordable) {
    discard(touched, params);
    throw new NotRecordableError(`${name} waits for a reply from Python (operation kind ${String(unrecordable[0])}): it cannot be recorded`);
  }
  const local = new Set<number>(params);
  const program: Operation[] = [];
  const hoisted: Operation[] = [];
  for (const op of captured.ops) {
    const [creates, reads, values] = OP_SHAPES[op[0] as number]!;
    const dependent =
      reads.some((i) => local.has(op[i] as number)) || values.some((i) => namesAny(op[i], local));
    if (!dependent && HOISTABLE.has(op[0] as number)) {
      hoisted.push(op);
    } else {
      program.push(op);
      if (creates !== null) local.add(op[creates] as number);
    }
  }
  forget(touched, local);

  // Array frames were set aside with the operations: they travel again, with the operations that name them.
  const frames = captured.frames;
  const moveFrames = (v: unknown) => (frames.length > 0 ? withFrames(v, frames, session) : v);
  for (const op of hoisted) {
    for (const i of OP_SHAPES[op[0] as number]![2]) op[i] = moveFrames(op[i]);
    session.emit(op, site);
  }
  for (const op of program) for (const i of OP_SHAPES[op[0] as number]![2]) op[i] = moveFrames(op[i]);
  const result = moveFrames(captured.result.wire);
  const ref = session.newRef();
  session.emit(recordOp(ref, params, program, result, name), site);
  return resultProxy(session, ref, `recorded ${name}`, convert);
}

/**
 * `fn` as a Python callable: recorded when it only composes Python operations, otherwise a JS callback called
 * per call (its arguments arrive converted as `convert` says). A proxy is returned as it is.
 */
export function pythonFunction(
  fn: ((...args: any[]) => unknown) | PyObject,
  options: RecordOptions & { arity?: number } = {},
): PyObject {
  if (isProxy(fn)) return fn;
  if (typeof fn !== "function") throw new TypeError(`pythonFunction() takes a function, got ${typeof fn}`);
  try {
    return recordFunction(fn, options.arity ?? fn.length, options);
  } catch (e) {
    if (!(e instanceof NotRecordableError)) throw e;
    const asCallback = callback(fn, { convert: options.convert ?? true });
    return defaultBridge(options.bridge).eval("f", { f: asCallback });
  }
}

/** States made during the recording whose handle exists only inside the program: using them later is an error. */
function forget(states: Set<PyState>, local: Set<number>): void {
  const outer = new Set<PyState>();
  for (const s of states) {
    if (s.ref !== undefined && local.has(s.ref)) s.released = "it exists only inside a function recorded for Python";
    else outer.add(s);
  }
  // Hoisted reads belong to the caller's py.scope, if any, like any handle made there.
  const session = states.values().next().value?.session;
  if (session) for (const s of outer) session.adopt(s);
}

/** After a recording that failed: the operations it set aside are gone, and with them the handles they made. */
function discard(states: Set<PyState>, params: number[]): void {
  for (const s of states) {
    if (s.ref === undefined || s.released) continue;
    if (s.base && !params.includes(s.ref)) s.ref = undefined; // an expression: it is sent again when next used
    else s.released = "it was made while its function was recorded for Python, which failed";
  }
}

function namesAny(v: unknown, refs: Set<number>): boolean {
  if (typeof v !== "object" || v === null) return false;
  if (v instanceof WireRef) return refs.has(v.ref);
  if (Array.isArray(v)) return v.some((x) => namesAny(x, refs));
  if (v instanceof WireTuple || v instanceof WireSet) return namesAny(v.items, refs);
  if (v instanceof WireDict) return namesAny(v.pairs, refs);
  if (v instanceof WireSlice) return namesAny(v.parts, refs);
  if (ArrayBuffer.isView(v) || v instanceof WireNDArray) return false;
  return Object.values(v).some((x) => namesAny(x, refs));
}

function withFrames(v: unknown, frames: Uint8Array[], session: Session): unknown {
  if (typeof v !== "object" || v === null) return v;
  if (v instanceof WireNDArray) return new WireNDArray(v.dtype, v.shape, session.addFrame(frames[v.frame]!));
  if (Array.isArray(v)) return v.map((x) => withFrames(x, frames, session));
  if (v instanceof WireTuple) return new WireTuple(v.items.map((x) => withFrames(x, frames, session)));
  if (v instanceof WireSet) return new WireSet(v.items.map((x) => withFrames(x, frames, session)));
  if (v instanceof WireDict) {
    return new WireDict(v.pairs.map(([k, x]) => [withFrames(k, frames, session), withFrames(x, frames, session)]));
  }
  if (v instanceof WireSlice) {
    const [a, b, c] = v.parts;
    return new WireSlice([withFrames(a, frames, session), withFrames(b, frames, session), withFrames(c, frames, session)]);
  }
  if (Object.getPrototypeOf(v) === null || Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, x] of Object.entries(v)) out[k] = withFrames(x, frames, session);
    return out;
  }
  return v;
}

function isAsyncFunction(fn: Function): boolean {
  const kind = fn.constructor?.name;
  return kind === "AsyncFunction" || kind === "AsyncGeneratorFunction";
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (typeof v === "object" || typeof v === "function") && v !== null && typeof (v as { then?: unknown }).then === "function";
}
