"""Python classes whose methods are written in TypeScript: `class Scale extends pyClass(keras.layers.Layer)`.

The class is made with `type(name, bases, namespace)`, so Python sees an ordinary subclass (Keras tracks its
weights, `isinstance` works, `fit` trains it, `from_config` makes one). Each method has the JS method's own
parameter names, because libraries read them: Keras looks at `call`'s signature for `training` and `mask`.

A method runs in one of two ways:
- live (the default): each Python call is a call of the JS method, as reticulate's `%py_class%` does. The JS
  side receives one packed list, [self, missing, count, *arguments, *keyword pairs]: packed so that the
  callback's shallow conversion gives scalars as JS values and every other object (a tensor, a tuple) as a
  handle, and so that `missing` (a bit per parameter Python did not pass) lets the JS default apply;
- recorded (opted into per method): the JS method is recorded on placeholders (recording.py) the first time
  Python calls it with a given set of scalar arguments, and replayed for every later call with the same
  scalars, as tf.function retraces on Python values. `if (training)` then sees the real flag.

Optional parameters default to None (Keras fills `mask` and `training` only where the parameter exists and
is None). None in an optional parameter reaches JS as a missing argument, so the JS default applies (null
where that is the default); Python cannot tell a None it was given from its own default, and a marker default
instead of None would stop Keras filling `mask`."""
import keyword

_MISSING = object()
_SCALARS = (bool, int, float, str)
# Distinct scalar arguments a recorded method may be specialised on before it is refused (tf.function warns
# on excessive retracing for the same reason: a value that changes every call defeats recording).
MAX_SPECIALISATIONS = 32
MARKER = "__tsreticulate_class__"
# On the class made for a JS class that extends pyClass(...) itself: its bases' __init__ is the JS constructor
# chain's `super(...)`. A JS class extending that JS class is a Python subclass without the mark.
CHAIN_ROOT = "__tsreticulate_chain_root__"


def _python_names(params):
    return [p if p.isidentifier() and not keyword.iskeyword(p) else f"arg{i}" for i, p in enumerate(params)]


def _signature_source(names, required, varargs):
    parts = [n if i < required else f"{n}=None" for i, n in enumerate(names)]
    if varargs:
        parts.append("*args")
    return "".join(", " + p for p in parts)


def _make_function(name, body_call, spec, scope):
    """A function `name(self, <JS parameters>)` whose body is `return <body_call>`, with `named` the tuple of
    the named parameters, `args` the extra positional ones and `kwargs` the keywords."""
    names = _python_names(list(spec["params"]))
    required = int(spec["required"])
    varargs = bool(spec["rest"])
    varkw = varargs or bool(spec["options"])
    source = (
        f"def {name}(self{_signature_source(names, required, varargs)}{', **kwargs' if varkw else ''}):\n"
        f"    named = ({''.join(n + ', ' for n in names[:required])}"
        f"{''.join(f'_MISSING if {n} is None else {n}, ' for n in names[required:])})\n"
        f"    return {body_call}(self, named, {'args' if varargs else '()'}, {'kwargs' if varkw else '{}'})\n"
    )
    scope = dict(scope, _MISSING=_MISSING)
    exec(compile(source, f"<JS method {name}>", "exec"), scope)
    fn = scope[name]
    fn.__qualname__ = name
    return fn


def _pack(self, named, args, kwargs):
    missing = 0
    packed = [self, 0, len(named) + len(args)]
    for i, v in enumerate(named):
        if v is _MISSING:
            missing |= 1 << i
            packed.append(None)
        else:
            packed.append(v)
    packed[1] = missing
    packed.extend(args)
    for k, v in kwargs.items():
        packed.append(k)
        packed.append(v)
    return packed


def _live(name, fn, spec):
    def invoke(self, named, args, kwargs):
        return fn(_pack(self, named, args, kwargs))

    method = _make_function(name, "_invoke", spec, {"_invoke": invoke})
    method.__tsreticulate_kind__ = "live"
    return method


class _Recorded:
    """The recordings of one method, one per distinct set of scalar arguments."""

    __slots__ = ("recorder", "name", "cache")

    def __init__(self, recorder, name):
        self.recorder = recorder
        self.name = name
        self.cache = {}

    def __call__(self, self_, named, args, kwargs):
        key = []
        objects = [self_]
        missing = placeholders = 0
        values = []
        for i, v in enumerate(named):
            if v is _MISSING:
                missing |= 1 << i
                key.append((i,))
                values.append(None)
            elif v is None or type(v) in _SCALARS:
                key.append((i, type(v), v if v == v else "nan"))
                values.append(v)
            else:
                placeholders |= 1 << i
                key.append(i)
                objects.append(v)
                values.append(None)
        key = tuple(key)
        replay = self.cache.get(key)
        if replay is None:
            if len(self.cache) >= MAX_SPECIALISATIONS:
                raise RuntimeError(
                    f"recorded method {self.name} was called with {MAX_SPECIALISATIONS} different sets of "
                    f"non-tensor arguments (each one is recorded anew); make it a live method (leave it out of "
                    f"`recorded`) or pass the changing value as a tensor")
            replay = self.recorder([missing, placeholders, len(named), *values])
            self.cache[key] = replay
        return replay(*objects)


def _recorded(name, recorder, spec):
    if spec["rest"] or spec["options"]:
        raise TypeError(f"{name} takes keyword arguments (...rest or an options object): it cannot be recorded "
                        f"(a recording has a fixed list of arguments); leave it live")
    method = _make_function(name, "_invoke", spec, {"_invoke": _Recorded(recorder, name)})
    method.__tsreticulate_kind__ = "recorded"
    return method


def _property(name, getter, setter):
    fget = (lambda self: getter([self, 0, 0])) if getter is not None else None
    fset = (lambda self, value: setter([self, 0, 1, value])) if setter is not None else None
    return property(fget, fset, doc=f"{name}, a getter written in TypeScript")


def make_class(name, bases, methods, init=None, properties=None, extends_js=False, class_methods=None):
    """A subclass of `bases` named `name`.

    `methods`: method name -> [kind ("live" or "recorded"), JS function, spec], spec = {params, required,
    rest, options}: the JS parameter names, how many have no default, whether the method takes `...rest`
    (Python's *args, **kwargs) or ends with an options object (**kwargs). A recorded method's JS function is
    its recorder: given [missing, placeholders, count, *scalars] it returns a recorded function.
    `init`: [JS function, spec] for a JS constructor, which becomes __init__; None keeps the base's.
    `properties`: name -> [getter or None, setter or None].
    `extends_js`: whether the JS class extends another pyClass() class, whose Python class is then `bases[0]`.
    `class_methods`: name -> [JS function, spec] for the JS class' static methods, which become classmethods
    (Keras calls `cls.from_config(config)` on the class, never on an instance); they run live, with `cls` first."""
    if not isinstance(bases, (list, tuple)) or not bases:
        raise TypeError("make_class takes a non-empty list of base classes")
    for base in bases:
        if not isinstance(base, type):
            raise TypeError(f"pyClass() takes Python classes, got {type(base).__name__} {base!r:.80}")
    namespace = {MARKER: True}
    if not extends_js:
        namespace[CHAIN_ROOT] = True
    for method_name, (kind, fn, spec) in methods.items():
        make = _recorded if kind == "recorded" else _live
        namespace[method_name] = make(method_name, fn, spec)
    for method_name, (fn, spec) in (class_methods or {}).items():
        namespace[method_name] = classmethod(_live(method_name, fn, spec))
    for prop_name, (getter, setter) in (properties or {}).items():
        namespace[prop_name] = _property(prop_name, getter, setter)
    if init is not None:
        fn, spec = init

        def invoke(self, named, args, kwargs):
            fn(_pack(self, named, args, kwargs))

        namespace["__init__"] = _make_function("__init__", "_invoke", spec, {"_invoke": invoke})
    return type(name, tuple(bases), namespace)


def _chain_root(obj):
    """The class made for the JS class that extends pyClass(...) itself, of the most derived JS class chain."""
    for cls in type(obj).__mro__:
        if CHAIN_ROOT in vars(cls):
            return cls
    raise TypeError(f"{type(obj).__name__} is not a class made by pyClass()")


def init_base(self, *args, **kwargs):
    """The JS constructor's `super(...)`: the base classes' __init__ (the JS classes between run in JS)."""
    super(_chain_root(self), self).__init__(*args, **kwargs)
    return self


def new_instance(cls):
    """An instance made for a JS `new`, whose constructor then runs in JS with the arguments only it sees.
    Keras records the arguments of a layer's construction for its automatic get_config; it cannot see
    these, so the automatic config is off (Keras then asks for a get_config) rather than silently empty."""
    obj = cls.__new__(cls)
    if hasattr(obj, "_auto_config"):
        object.__setattr__(obj, "_auto_config", None)
    return obj


def super_attr(self, name):
    """`super.name` in a method of a pyClass() class, for a name no JS class of its chain defines (JS finds
    those first): Python's super().name past the chain."""
    return getattr(super(_chain_root(self), self), name)


def method_kinds(obj):
    """Method name -> "live" or "recorded", for the methods a TypeScript class (or its instance) defined, with
    those of the JS classes it extends."""
    cls = obj if isinstance(obj, type) else type(obj)
    kinds = {}
    for c in cls.__mro__:
        if MARKER in vars(c):
            for name, f in vars(c).items():
                f = f.__func__ if isinstance(f, classmethod) else f
                if name not in kinds and hasattr(f, "__tsreticulate_kind__"):
                    kinds[name] = f.__tsreticulate_kind__
            if CHAIN_ROOT in vars(c):
                break
    return kinds
