// The value types that the generated Keras declarations (./generated/) use for parameters. Every one admits a
// `PyObject`: any Python value may be passed as a proxy. None admits a plain object literal, so that a
// trailing object literal is always the keyword arguments (and a misspelled keyword is a compile error).
import type { CallbackOptions } from "../bridge/wire/conversion.js";
import type { PyDict, PyTuple } from "../bridge/wire/markers.js";
import type { PyObject } from "../bridge/proxy.js";
import type { PyBase as SharedPyBase } from "../bridge/typing.js";
import type {
  ActivationName,
  ConstraintName,
  InitializerName,
  LossName,
  MetricName,
  OptimizerName,
  RegularizerName,
} from "./generated/names.js";

import type { PyArg, Int, Float, Bool, Str } from "../bridge/typing.js";

export type { PyObject, PyArg, Int, Float, Bool, Str };

/**
 * What every generated Keras type extends: the shared PyBase plus a catch-all constructor (Keras classes are
 * also reached as `new keras.layers.Dense(...)` in ported code).
 */
export interface PyBase extends SharedPyBase {
  new (...args: any[]): PyObject;
}
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
