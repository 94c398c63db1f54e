// The public surface of the bridge.
export { py, Bridge, type PyModules, type ImportOptions, type ModuleOf } from "./py.js";
export { bridgeOf } from "./bridge-of.js";
export { tuple, dict, float, slice, None, PyTuple, PyDict, PyFloat, PySlice } from "./wire/markers.js";
export { str, repr, len, isinstance, toJs, toPy, toHandle, item, setItem, delItem, attr, withPy } from "./helpers.js";
export { callback } from "./wire/conversion.js";
export { isProxy, type PyObject } from "./proxy.js";
export { iterate, pyFor, BREAK, NEXT, PyIterator } from "./iteration.js";
export { recordFunction, pythonFunction, NotRecordableError, type RecordOptions } from "./record.js";
export { pyIterableWrapper } from "./iterable-wrapper.js";
export {
  PythonError,
  BridgeError,
  ProcessExitedError,
  isPythonError,
  isBridgeError,
  type PythonFailureInfo,
} from "./errors/errors.js";
export { NDArray, isNDArray, reshape, halfToNumber, type DType, type TypedArray } from "./wire/ndarray.js";
export type { BridgeOptionsInput as BridgeOptions } from "./options.js";
export type { ServerStats } from "./session/session.js";
export { AbortError, isAbortError } from "./session/abort.js";
export { PythonUnresponsiveError } from "./transport/control-channel.js";
export { Pool, type PoolJob, type PoolOptions, type RayPoolInfo } from "./pool.js";
export { RayActorDiedError } from "../ray/errors.js";
export type { RayPoolOptions } from "../ray/options.js";
export type { ClusterInfo, RayWorkerInfo } from "../ray/placement.js";
export type { ConnectOptions } from "./connect.js";
export { generateKeyPair, writeKeyPair, readKeyPair, type KeyPair } from "./transport/keys.js";
