// Value types shared by the generated declarations (src/keras/generated, src/torchvision/generated). Each admits
// a proxy (any Python value may be passed as one) and none admits a plain object literal, so that a trailing
// object literal is always the keyword arguments and a misspelled keyword is a compile error.
import type { CallbackOptions } from "./wire/conversion.js";
import type { PyDict, PyFloat, PySlice, PyTuple } from "./wire/markers.js";
import type { NDArray, TypedArray } from "./wire/ndarray.js";
import type { PyObject } from "./proxy.js";

export type { PyObject };

/**
 * What generated callables extend: a `PyObject` without its catch-all call signature, so that their typed
 * signatures (exact keyword arguments) are the only ones. Still awaitable, iterable, and any attribute chains
 * as an untyped proxy. Mirrors PyObject (proxy.ts) member for member, less the call signatures.
 */
export interface PyBase extends PromiseLike<any> {
  [key: string]: any;
  [index: number]: any;
  [Symbol.asyncIterator](): AsyncIterator<any>;
}

/** A proxy whose value, awaited, is a `T` (`await torch.cuda.is_available()` is a boolean). */
export interface PyValue<T> extends PyObject {
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: any) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2>;
}

/** Any value that crosses to Python as a positional argument (everything but a plain object literal). */
export type PyArg =
  | PyObject
  | PyBase
  | NDArray
  | TypedArray
  | PyTuple
  | PyDict
  | PyFloat
  | PySlice
  | CallbackOptions
  | ReadonlyMap<unknown, unknown>
  | ReadonlySet<unknown>
  | Date
  | string
  | number
  | bigint
  | boolean
  | null
  | undefined
  | readonly unknown[]
  | ((...args: any[]) => unknown);

/** A Python int. */
export type Int = number | bigint | PyObject;
/** A Python float (`float(1)` forces a float for an integral value). */
export type Float = number | PyFloat | PyObject;
export type Bool = boolean | PyObject;
/** A Python str (or a `pathlib.Path`, as a proxy). */
export type Str = string | PyObject;
