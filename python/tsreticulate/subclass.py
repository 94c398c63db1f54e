"""Python classes whose methods are written in TypeScript: `class Scale extends pyClass(keras.layers.Layer)`.

The class is made with `type(name, bases, namespace)`, so Python sees an ordinary subclass (Keras tracks its
weights, `isinstance` works, `fit` trains it). Each method forwards to a callable that receives `self` and the
arguments: a function recorded from TypeScript (replayed here, recording.py) or a JS callback. A method has
the JS method's own parameter names, because libraries read them: Keras looks at `call`'s signature for
`training` and `mask`."""
import keyword

_MISSING = object()


def _method(name, fn, params, optional, rest, recorded):
    # Parameters the JS method gave a default to are optional here. To a JS callback a missing one is not
    # sent, so the JS default applies; a recorded method takes all its arguments: a missing one is None.
    names = [p if p.isidentifier() and not keyword.iskeyword(p) else f"arg{i}" for i, p in enumerate(params)]
    parts = [f"{n}=_MISSING" if i >= optional else n for i, n in enumerate(names)]
    if rest:
        parts.append("*rest")
    source = (
        f"def {name}(self{''.join(', ' + p for p in parts)}):\n"
        f"    args = [{', '.join(names)}{',' if names else ''}]\n"
        f"    args = [None if a is _MISSING else a for a in args] if recorded else args\n"
        f"    while args and args[-1] is _MISSING:\n"
        f"        args.pop()\n"
        f"    return fn(self, *args{', *rest' if rest else ''})\n"
    )
    scope = {"fn": fn, "_MISSING": _MISSING, "recorded": recorded}
    exec(compile(source, f"<JS method {name}>", "exec"), scope)
    method = scope[name]
    method.__qualname__ = name
    method.__tsreticulate_kind__ = "recorded" if recorded else "callback"
    return method


def make_class(name, bases, methods):
    """A subclass of `bases` named `name`. `methods`: method name -> [callable, parameter names, number of
    required parameters, whether it takes a rest parameter, whether the callable is a recorded function]."""
    if not isinstance(bases, (list, tuple)) or not bases:
        raise TypeError("make_class takes a non-empty list of base classes")
    for base in bases:
        if not isinstance(base, type):
            raise TypeError(f"pyClass() takes Python classes, got {type(base).__name__} {base!r:.80}")
    namespace = {}
    for method_name, (fn, params, optional, rest, recorded) in methods.items():
        namespace[method_name] = _method(method_name, fn, list(params), int(optional), bool(rest), bool(recorded))
    return type(name, tuple(bases), namespace)


def method_kinds(obj):
    """Method name -> "recorded" or "callback", for the methods a TypeScript class (or its instance) defined."""
    cls = obj if isinstance(obj, type) else type(obj)
    return {name: getattr(f, "__tsreticulate_kind__") for name, f in vars(cls).items()
            if hasattr(f, "__tsreticulate_kind__")}
