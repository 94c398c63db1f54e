// The public surface of the bridge.
export { py, Bridge, type PyModules, type ImportOptions, type ModuleOf } from "./py.js";
export { tuple, dict, float, slice, None, PyTuple, PyDict, PyFloat, PySlice } from "./markers.js";
export { str, repr, len, isinstance, toJs, toPy, toHandle, item, setItem, attr, withPy } from "./helpers.js";
export { callback } from "./conversion.js";
export { isProxy, type PyObject } from "./proxy.js";
export {
  PythonError,
  BridgeError,
  ProcessExitedError,
  isPythonError,
  isBridgeError,
  type PythonFailureInfo,
} from "./errors.js";
export { NDArray, isNDArray, type DType, type TypedArray } from "./ndarray.js";
export type { BridgeOptionsInput as BridgeOptions } from "./options.js";
export type { ServerStats } from "./session.js";
