// Functions that mirror reticulate's: str, repr, len, toJs, toPy, item, setItem, withPy.
import { ValueMode } from "./wire/codes.js";
import { callSiteFor, isPythonError } from "./errors/errors.js";
import { attrProxy, delItemOf, isProxy, itemProxy, setItemOf, stateOf, valueOf, type PyObject } from "./proxy.js";
import { builtinsOf } from "./py.js";
import { defaultBridge } from "./bridge-of.js";
import { intoTarget } from "./wire/into.js";
import type { NDArray, TypedArray } from "./wire/ndarray.js";

/** The builtins of the process `obj` lives in (a Bridge of its own, a pool's process), else of `py`. */
function sessionBuiltins(obj: unknown): PyObject {
  const state = stateOf(obj);
  return state && !state.session.dead ? builtinsOf(state.session) : defaultBridge().builtins;
}

/** Python's `str(obj)`, as a proxy: `await str(x.shape)` gives the string. */
export function str(obj: unknown): PyObject {
  return sessionBuiltins(obj).str(obj);
}

/** Python's `repr(obj)`, as a proxy. */
export function repr(obj: unknown): PyObject {
  return sessionBuiltins(obj).repr(obj);
}

/** Python's `len(obj)`, as a proxy. */
export function len(obj: unknown): PyObject {
  return sessionBuiltins(obj).len(obj);
}

/** Python's `isinstance(obj, cls)`, as a proxy. */
export function isinstance(obj: unknown, cls: unknown): PyObject {
  return sessionBuiltins(obj).isinstance(obj, cls);
}

/**
 * reticulate's `py_to_r`: the JS value of a Python object, whatever `convert` says. Tensors and objects with
 * `__array__` become NDArrays (detached, on the CPU).
 *
 * `into`: a typed array the bytes of an array or tensor are copied into, instead of new memory; the NDArray's
 * data is `into` (or its first part, for a smaller array). For loops that read many arrays of one shape: writing
 * into memory used before is several times faster than into new memory, and to a local process the bytes come
 * through a shared-memory file. The promise rejects, leaving `into` unchanged, if the value is not one array, if
 * `into` is not the typed array of its dtype (Float32Array for float32, ...) or if it is too small.
 */
export function toJs<T = any>(obj: unknown): Promise<T>;
export function toJs<A extends TypedArray>(obj: unknown, options: { into: A }): Promise<NDArray<A>>;
export function toJs(obj: unknown, options?: { into?: TypedArray }): Promise<unknown> {
  const state = stateOf(obj);
  if (options?.into === undefined) {
    if (!state) return Promise.resolve(obj);
    return valueOf(state, ValueMode.TO_JS, callSiteFor(state.session, toJs));
  }
  let into: TypedArray;
  try {
    into = intoTarget(options.into);
  } catch (e) {
    return Promise.reject(e);
  }
  if (!state) return Promise.reject(new TypeError(`toJs(x, { into }) takes a Python object (a proxy), got ${typeof obj}`));
  return valueOf(state, ValueMode.TO_JS, callSiteFor(state.session, toJs), into);
}

/** A settled handle of a Python object, whatever its JS form: `console.log` shows its repr. */
export function toHandle(obj: unknown): Promise<PyObject> {
  const state = stateOf(obj);
  if (!state) return Promise.reject(new TypeError(`toHandle() takes a Python object (a proxy), got ${typeof obj}`));
  return valueOf(state, ValueMode.HANDLE, callSiteFor(state.session, toHandle)) as Promise<PyObject>;
}

/** reticulate's `r_to_py`: the Python object made from a JS value, as a proxy (in the pool job's process, else `py`'s). */
export function toPy(value: unknown): PyObject {
  if (isProxy(value)) return value;
  return defaultBridge().eval("__tsreticulate_value", { __tsreticulate_value: value });
}

/** `obj[key]` for any key: strings (dict keys), tuples, slices, proxies. */
export function item(obj: unknown, key: unknown): PyObject {
  return itemProxy(obj, key);
}

/** `obj[key] = value` for any key. */
export function setItem(obj: unknown, key: unknown, value: unknown): void {
  const state = stateOf(obj);
  if (!state) throw new TypeError(`setItem() takes a Python object (a proxy), got ${typeof obj}`);
  setItemOf(state, key, value, callSiteFor(state.session, setItem));
}

/** `del obj[key]` for any key (reticulate's py_del_item). */
export function delItem(obj: unknown, key: unknown): void {
  const state = stateOf(obj);
  if (!state) throw new TypeError(`delItem() takes a Python object (a proxy), got ${typeof obj}`);
  delItemOf(state, key, callSiteFor(state.session, delItem));
}

/** `getattr(obj, name)`, for the names a proxy keeps for JS (`then`, `toString`, `constructor`, ...). */
export function attr(obj: unknown, name: string): PyObject {
  return attrProxy(obj, name);
}

/**
 * Python's `with`: calls `__enter__`, runs `body` with its result, then `__exit__` — with the exception the body
 * raised, as Python passes it (type, value, traceback): the Python exception itself for a PythonError or a thrown
 * proxy of one, a `tsreticulate.errors.JSError` for a JS error. A true `__exit__` suppresses it (withPy then
 * returns undefined), as `contextlib.suppress(ValueError)` does.
 */
export async function withPy<T>(ctx: unknown, body: (value: PyObject) => T | Promise<T>): Promise<T | undefined> {
  if (!isProxy(ctx)) throw new TypeError(`withPy() takes a Python context manager (a proxy), got ${typeof ctx}`);
  const value = ctx.__enter__() as PyObject;
  await value; // __enter__ must have succeeded before the body runs
  let result: T;
  try {
    result = await body(value);
  } catch (e) {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    const origin = isPythonError(e) && typeof e.origin === "number" ? e.origin : null;
    const exitWith = sessionBuiltins(ctx).__import__("tsreticulate.helpers.context_exit", null, null, ["exit_with"]).exit_with;
    const suppress = await exitWith(ctx, isProxy(e) ? e : null, origin, message);
    if (suppress) return undefined;
    throw e;
  }
  await ctx.__exit__(null, null, null);
  return result;
}
