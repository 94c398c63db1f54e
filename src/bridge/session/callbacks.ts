// JS functions that Python holds and calls (callback() in conversion.ts, or any function passed as an argument):
// registered under ids that are never reused, run in the context of the Python call that made them (so that
// their own operations go out in that call's batches), and answered with an operation of their own.
import { ValueMode } from "../wire/codes.js";
import { BridgeError, isPythonError } from "../errors/errors.js";
import { ParamKind, jsParams, type JsParam } from "../wire/js-params.js";
import { callbackReturnOp, type Operation } from "../wire/operations.js";
import { contextStorage } from "./context.js";

const MAX_JS_ERRORS = 1_000;

/** What running JS callbacks asks of the session. */
export interface CallbackHost {
  readonly dead: boolean;
  /** Turns the handles and arrays in arguments that arrived from Python into proxies and NDArrays. */
  revive(value: unknown, frames: Buffer[], convert?: boolean): unknown;
  toWire(value: unknown, path: (string | number)[]): unknown;
  emit(op: Operation): number;
  isProxy(value: unknown): boolean;
  /** A callback started or ended: whether the session is busy may have changed. */
  busyChanged(): void;
}

export class JsCallbacks {
  /** How many are running now (the session is busy while one runs: its return goes out as a batch). */
  running = 0;
  private readonly registered = new Map<number, { fn: Function; mode: number }>();
  private nextId = 1;
  /** What the last callbacks threw, by call id: a PythonError caused by one names it as its cause. */
  readonly errors = new Map<number, unknown>();

  constructor(private readonly host: CallbackHost) {}

  /**
   * Registers a JS function for Python under a fresh id. Ids are never reused: Python reports an id once it
   * holds no reference to it (MSG_CALLBACKS_RELEASED) and the function is dropped here.
   */
  register(fn: Function, mode: number): number {
    const id = this.nextId++;
    this.registered.set(id, { fn, mode });
    return id;
  }

  released(ids: number[]): void {
    for (const id of ids) this.registered.delete(id);
  }

  /** How many JS functions Python holds. */
  get size(): number {
    return this.registered.size;
  }

  /** Runs callback `cbId` for Python's call `callId`; its result or what it threw goes back as an operation. */
  run(callId: number, cbId: number, args: unknown[], kwargs: Record<string, unknown>, frames: Buffer[], special: boolean): void {
    const host = this.host;
    this.running++;
    host.busyChanged();
    const entry = this.registered.get(cbId);
    void contextStorage.run({ ctx: callId, scope: undefined }, async () => {
      let ok: 0 | 1 = 1;
      let value: unknown;
      try {
        if (!entry) throw new BridgeError(`JS function ${cbId} is not registered with this session`);
        const a = (special ? host.revive(args, frames, entry.mode === ValueMode.CONVERT) : args) as unknown[];
        const kw = (special ? host.revive(kwargs, frames) : kwargs) as Record<string, unknown>;
        let result: unknown = entry.fn(...(Object.keys(kw).length > 0 ? placeKeywords(a, kw, jsParams(entry.fn)) : a));
        // A proxy is sent back as the object it stands for, not awaited into a JS value.
        if (!host.isProxy(result) && isThenable(result)) result = await result;
        value = host.toWire(result, ["return value"]);
      } catch (e) {
        ok = 0;
        value = this.thrownToWire(e);
        this.errors.set(callId, e);
        if (this.errors.size > MAX_JS_ERRORS) this.errors.delete(this.errors.keys().next().value as number);
      }
      this.running--;
      if (!host.dead) host.emit(callbackReturnOp(callId, ok, value));
      host.busyChanged();
    });
  }

  /**
   * What a JS callback threw, for Python: a JS error travels as its name, message and stack (Python raises a
   * JSError); a thrown proxy (`throw py.builtins.RuntimeError("Hello")`) also as the object, and a PythonError
   * as its origin, so that Python raises that very exception.
   */
  private thrownToWire(e: unknown): Record<string, unknown> {
    if (this.host.isProxy(e)) {
      let exception: unknown = null;
      try {
        exception = this.host.toWire(e, ["thrown value"]);
      } catch {
        // A proxy of another process: a plain JS error below.
      }
      return { name: "PythonException", message: String(e), stack: "", exception };
    }
    const err = e instanceof Error ? e : new Error(String(e));
    const wire: Record<string, unknown> = { name: err.name, message: err.message, stack: err.stack ?? "" };
    const origin = isPythonError(e) ? e.origin : undefined;
    if (typeof origin === "number") wire.origin = origin;
    return wire;
  }
}

/**
 * A JS function's arguments from Python's positional and keyword arguments: a keyword named like one of its
 * parameters goes to that parameter's position (a skipped one stays undefined, so its JS default applies); the
 * others form one plain object, at the position of a destructured last parameter or after the arguments.
 */
function placeKeywords(args: unknown[], kw: Record<string, unknown>, params: JsParam[] | null): unknown[] {
  if (!params) return [...args, kw];
  const out = [...args];
  const restAt = params.findIndex((p) => p[1] !== ParamKind.POSITIONAL);
  const named = restAt < 0 ? params : params.slice(0, restAt);
  let others: Record<string, unknown> | undefined;
  for (const key of Object.keys(kw)) {
    const i = named.findIndex((p) => p[0] === key);
    if (i >= args.length) out[i] = kw[key];
    else (others ??= {})[key] = kw[key];
  }
  if (others) {
    const options = params.findIndex((p) => p[1] === ParamKind.OPTIONS);
    if (options >= 0 && options >= out.length) out[options] = others;
    else out.push(others);
  }
  return out;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (typeof v === "object" || typeof v === "function") && v !== null && typeof (v as { then?: unknown }).then === "function";
}
