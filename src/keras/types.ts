// The value types that the generated Keras declarations (./generated/) use for parameters. Every one admits a
// `PyObject`: any Python value may be passed as a proxy. None admits a plain object literal, so that a
// trailing object literal is always the keyword arguments (and a misspelled keyword is a compile error).
import type { CallbackOptions } from "../bridge/conversion.js";
import type { PyDict, PyFloat, PySlice, PyTuple } from "../bridge/markers.js";
import type { NDArray, TypedArray } from "../bridge/ndarray.js";
import type { PyObject } from "../bridge/proxy.js";
import type {
  ActivationName,
  ConstraintName,
  InitializerName,
  LossName,
  MetricName,
  OptimizerName,
  RegularizerName,
} from "./generated/names.js";

export type { PyObject };

/**
 * What every generated Keras type extends: a `PyObject` without its catch-all call signature, so that the
 * typed call signatures (exact keyword arguments) are the only ones. Still awaitable, and any attribute chains.
 */
// Mirrors PyObject (src/bridge/proxy.ts) member for member, less the call signature.
export interface PyBase extends PromiseLike<any> {
  new (...args: any[]): PyObject;
  [key: string]: any;
  [index: number]: any;
  [Symbol.asyncIterator](): AsyncIterator<any>;
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
export type Str = string | PyObject;
/** A shape or size: `tuple(32, 32, 3)`, `[32, 32, 3]`, a single int, or `null` for "unknown". */
export type Shape = PyTuple | readonly (number | null)[] | number | PyObject | null;
export type DTypeLike =
  | "float16" | "bfloat16" | "float32" | "float64"
  | "uint8" | "uint16" | "uint32" | "uint64" | "int8" | "int16" | "int32" | "int64"
  | "bool" | "complex64" | "complex128" | "string" | "mixed_float16" | "mixed_bfloat16"
  | PyObject | null;

/** A JS function Python may call (through the bridge's callbacks). */
type JSFunction = ((...args: any[]) => unknown) | CallbackOptions;

export type Activation = ActivationName | PyObject | JSFunction | null;
export type InitializerLike = InitializerName | PyObject | PyDict | null;
export type RegularizerLike = RegularizerName | PyObject | JSFunction | null;
export type ConstraintLike = ConstraintName | PyObject | JSFunction | null;
export type OptimizerLike = OptimizerName | PyObject;
export type LossLike = LossName | PyObject | JSFunction | readonly (LossName | PyObject | JSFunction | null)[] | PyDict | null;
export type MetricsLike = readonly (MetricName | PyObject | JSFunction | readonly (MetricName | PyObject)[])[] | PyDict | PyObject | null;
