"""Keras callbacks whose hooks are JavaScript functions (`kerasCallback({ on_epoch_end: ... })` in TS).

The class is a real `keras.callbacks.Callback` subclass, so `model.fit` treats it like any other callback:
only the hooks given are overridden, the others keep Keras' no-op defaults (Keras skips batch-level work for
callbacks that do not override batch hooks, and so a JS callback with only `on_epoch_end` costs one round
trip per epoch, not per batch)."""
import keras

# Keras' hook names; the TS side checks names against the same list, so a misspelled hook fails at once.
HOOKS = (
    "on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end",
    "on_train_batch_begin", "on_train_batch_end",
    "on_test_begin", "on_test_end", "on_test_batch_begin", "on_test_batch_end",
    "on_predict_begin", "on_predict_end", "on_predict_batch_begin", "on_predict_batch_end",
    "set_model", "set_params",
)


def _hook(name, fn):
    if name in ("set_model", "set_params"):
        def method(self, value):
            getattr(keras.callbacks.Callback, name)(self, value)
            fn(value)
    elif name.endswith(("_begin", "_end")) and ("epoch" in name or "batch" in name):
        def method(self, index, logs=None):
            fn(index, _plain_logs(logs))
    else:
        def method(self, logs=None):
            fn(_plain_logs(logs))
    method.__name__ = name
    return method


def _plain_logs(logs):
    # Logs hold Python floats, or 0-d tensors/arrays in some loops: plain floats convert to JS numbers.
    if logs is None:
        return {}
    out = {}
    for k, v in logs.items():
        try:
            out[k] = float(v)
        except (TypeError, ValueError):
            out[k] = v
    return out


def make_callback(hooks):
    """A `keras.callbacks.Callback` whose hooks call the given functions (a dict name -> callable)."""
    unknown = sorted(set(hooks) - set(HOOKS))
    if unknown:
        raise TypeError(f"unknown Keras callback hook(s) {unknown}; the hooks are {list(HOOKS)}")
    namespace = {name: _hook(name, fn) for name, fn in hooks.items()}
    cls = type("JSCallback", (keras.callbacks.Callback,), namespace)
    return cls()
