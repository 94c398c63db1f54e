// The value types the generated torch and torchvision declarations (./generated/) use. Each admits a proxy (any
// Python value may be passed as one) and none admits a plain object literal, so that a trailing object literal
// is always the keyword arguments and a misspelled keyword is a compile error.
import type { CallbackOptions } from "../bridge/wire/conversion.js";
import type { PyTuple } from "../bridge/wire/markers.js";
import type { PyObject, PyBase, PyValue, PyArg, Int, Float, Bool, Str } from "../bridge/typing.js";

export type { PyObject, PyBase, PyValue, PyArg, Int, Float, Bool, Str };

/** A sequence: a JS array (a list), `tuple(...)`, or a proxy. */
export type Seq<T> = readonly T[] | PyTuple | PyObject;
/** A size or shape: ints, or one sequence of them. */
export type Size = Int | Seq<Int>;
/** A callable: a Python one (a proxy) or a JS function (called back per call). */
export type Fn = PyObject | PyBase | CallbackOptions | ((...args: any[]) => unknown);
/** A torch dtype: `torch.float32`. */
export type DType = PyObject;
/** A torch device or its name: `"cpu"`, `"cuda:0"`, `defaultDevice()`. */
export type Device = string | PyObject;
