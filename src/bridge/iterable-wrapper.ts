// The workshop's `py_iterable_wrapper`: a Python iterable that applies a function lazily to each element of
// another, keeps its len(), and can be handed to Python (model.fit, len()). The function is recorded once
// (record.ts) when it only composes Python operations, so Python applies it with no round trip per element.
import { BridgeError } from "./errors/errors.js";
import { isProxy, stateOf, type PyObject } from "./proxy.js";
import { bridgeOf } from "./bridge-of.js";
import { pythonFunction } from "./record.js";

/**
 * Wraps a Python iterable (a DataLoader, a generator, a list) so that iterating it yields `fn(element)`.
 * A wrapped `torch.utils.data.DataLoader` is a DataLoader itself, which Keras' `model.fit` requires.
 * `fn` receives each element as the source's `convert` says (a proxy when `convert: false`).
 */
export function pyIterableWrapper(iterable: unknown, fn: (element: any) => unknown): PyObject;
/** The same with a Python callable (applied as it is). */
export function pyIterableWrapper(iterable: unknown, fn: PyObject): PyObject;
export function pyIterableWrapper(iterable: unknown, fn: ((element: any) => unknown) | PyObject): PyObject {
  const state = stateOf(iterable);
  if (!state || !isProxy(iterable)) {
    throw new TypeError(`pyIterableWrapper() takes a Python iterable (a proxy) first, got ${typeof iterable}`);
  }
  if (typeof fn !== "function") {
    throw new TypeError(`pyIterableWrapper() takes a function to apply to each element, got ${typeof fn}`);
  }
  if (state.session.dead) throw new BridgeError(`${state.label} belongs to a Python process that has ended`);
  const bridge = bridgeOf(iterable);
  const name = isProxy(fn) ? undefined : fn.name || "the function given to pyIterableWrapper";
  const apply = pythonFunction(fn, { arity: 1, convert: state.convert, name, bridge });
  const wrapper = bridge.import("tsreticulate.helpers.iterable_wrapper").wrap(iterable, apply) as PyObject;
  // Iterating the wrapper converts its items as iterating the source would.
  stateOf(wrapper)!.convert = state.convert;
  return wrapper;
}
