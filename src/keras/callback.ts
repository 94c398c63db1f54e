// Keras callbacks written in TypeScript: `kerasCallback({ on_epoch_end: (epoch, logs) => ... })` is a real
// `keras.callbacks.Callback` (python/tsreticulate/keras_callbacks.py) whose hooks call back into TS.
// Named `kerasCallback` because `callback(fn, { convert })` already names the bridge's plain JS function.
import { dict } from "../bridge/wire/markers.js";
import { isPlainObject } from "../bridge/wire/conversion.js";
import type { PyObject } from "../bridge/proxy.js";
import { defaultBridge } from "../bridge/bridge-of.js";
import type { Bridge } from "../bridge/py.js";

/** What Keras passes as `logs`: metric names to numbers (`{ loss: 0.69, accuracy: 0.51 }`). */
export type KerasLogs = Record<string, number>;

type EpochHook = (epoch: number, logs: KerasLogs) => unknown;
type BatchHook = (batch: number, logs: KerasLogs) => unknown;
type PhaseHook = (logs: KerasLogs) => unknown;

/** The hooks of `keras.callbacks.Callback`, by Keras' own names. Each may be async: Keras waits for it. */
export interface KerasCallbackHooks {
  on_train_begin?: PhaseHook;
  on_train_end?: PhaseHook;
  on_epoch_begin?: EpochHook;
  on_epoch_end?: EpochHook;
  on_train_batch_begin?: BatchHook;
  on_train_batch_end?: BatchHook;
  on_test_begin?: PhaseHook;
  on_test_end?: PhaseHook;
  on_test_batch_begin?: BatchHook;
  on_test_batch_end?: BatchHook;
  on_predict_begin?: PhaseHook;
  on_predict_end?: PhaseHook;
  on_predict_batch_begin?: BatchHook;
  on_predict_batch_end?: BatchHook;
  /** Called with the model (a handle) before training starts. */
  set_model?: (model: PyObject) => unknown;
  /** Called with the training parameters (`{ epochs, steps, verbose }`). */
  set_params?: (params: Record<string, unknown>) => unknown;
}

const HOOK_NAMES: ReadonlySet<string> = new Set<keyof KerasCallbackHooks>([
  "on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end",
  "on_train_batch_begin", "on_train_batch_end",
  "on_test_begin", "on_test_end", "on_test_batch_begin", "on_test_batch_end",
  "on_predict_begin", "on_predict_end", "on_predict_batch_begin", "on_predict_batch_end",
  "set_model", "set_params",
]);

export interface KerasCallbackOptions {
  /** The Python process to make the callback in (a pool worker, a py.connect() remote). @default the pool job's bridge, else `py` */
  bridge?: Bridge;
}

/**
 * A `keras.callbacks.Callback` whose hooks are TypeScript functions; pass it in `fit({ callbacks: [...] })`.
 * Only the hooks given are overridden, so an epoch-level callback costs one round trip per epoch.
 */
export function kerasCallback(hooks: KerasCallbackHooks, options: KerasCallbackOptions = {}): PyObject {
  if (!isPlainObject(hooks)) {
    throw new TypeError(`kerasCallback() takes an object of hooks ({ on_epoch_end: (epoch, logs) => ... }), got ${typeof hooks}`);
  }
  const given: Record<string, Function> = {};
  for (const [name, fn] of Object.entries(hooks)) {
    if (fn === undefined) continue;
    if (!HOOK_NAMES.has(name)) {
      throw new TypeError(`kerasCallback(): "${name}" is not a Keras callback hook; the hooks are ${[...HOOK_NAMES].join(", ")}`);
    }
    if (typeof fn !== "function") throw new TypeError(`kerasCallback(): hook "${name}" must be a function, got ${typeof fn}`);
    given[name] = fn;
  }
  return defaultBridge(options.bridge).import("tsreticulate.helpers.keras_callbacks").make_callback(dict(given));
}
