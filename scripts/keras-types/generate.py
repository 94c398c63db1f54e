"""Writes TypeScript declarations for Keras' public API, read from the installed Keras by introspection.

Run by `npm run gen:types` (scripts/keras-types/gen-types.ts) with the managed environment's Python:
    python generate.py OUT_DIR
One declaration file per Keras namespace (layers.d.ts, ops.d.ts, ...) plus keras.d.ts, which types
`py.import("keras")`. Declaration files, not .ts: with skipLibCheck, tsc trusts them instead of re-checking
about 20,000 lines of interfaces on every run (the build copies them into dist/).

How a Python signature becomes TypeScript (see src/keras/types.ts for the value types):
- required parameters are positional; optional ones may follow positionally (up to MAX_OPTIONAL_POSITIONAL,
  beyond which they are keywords only), then one trailing object holds the keyword arguments, with exact keys,
  so that a misspelled keyword is a compile error;
- required parameters may be keywords too (`Conv2D(32, { kernel_size: 3 })`, `ImageFolder({ root })`);
- parameter types come from names and defaults (TYPE_BY_NAME, literal options read from the docstring),
  never excluding a proxy: every Python value can be passed as a `PyObject`.
"""
import inspect
import os
import re
import sys

os.environ.setdefault("KERAS_BACKEND", "torch")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402

MAX_OPTIONAL_POSITIONAL = 3

# Namespaces, in the order that decides where a class object shared by several namespaces is declared.
NAMESPACES = [
    "layers", "models", "losses", "metrics", "optimizers", "optimizers.schedules", "callbacks",
    "initializers", "regularizers", "constraints", "activations", "ops", "random", "utils", "saving",
]
# Top-level names of `keras` that are not namespaces.
TOP_LEVEL_SKIP = {"src", "version"}

# Keyword arguments that Layer.__init__ takes through **kwargs (keras/src/layers/layer.py pops them).
LAYER_EXTRA_KWARGS = ("input_shape", "input_dim")
# Attributes set in __init__, which introspection of the class cannot see, that workshop code reads.
INSTANCE_ATTRIBUTES = {
    "keras.callbacks.History": {
        "history": "The metrics per epoch: `await history.history` gives `{ loss: [...], accuracy: [...], ... }`.",
        "epoch": "The epoch indices the history covers: `await history.epoch` gives `[0, 1, ...]`.",
        "params": "The training parameters: `{ verbose, epochs, steps }`.",
    },
}

# Parameter name -> TypeScript type (names from src/keras/types.ts and names.ts). First match wins.
TYPE_BY_NAME = [
    (r"^(activation|recurrent_activation)$", "Activation"),
    (r"_initializer$", "InitializerLike"),
    (r"_regularizer$", "RegularizerLike"),
    (r"_constraint$", "ConstraintLike"),
    (r"^optimizer$", "OptimizerLike"),
    (r"^loss$", "LossLike"),
    (r"^(metrics|weighted_metrics)$", "MetricsLike"),
    (r"^callbacks$", "readonly PyArg[] | PyObject | null"),
    (r"^(shape|batch_shape|input_shape|target_shape|output_shape|kernel_size|pool_size|strides|dilation_rate|size)$", "Shape"),
    (r"^dtype$", "DTypeLike"),
    (r"^(name|filepath)$", "Str"),
    # "epoch" or a number of batches: the default is a string, the documented alternative an integer.
    (r"^(save_freq|update_freq)$", 'Int | "epoch" | "batch"'),
    (r"^verbose$", 'Int | "auto"'),
    # Class indices are ints, and `dict({ 0: 1, 5: 2 })` has the JS object's string keys, which Keras'
    # `class_weight.get(int(label), 1.0)` never finds: the weights would be silently ignored. A Map keeps them ints.
    (r"^class_weight$", "ReadonlyMap<number, number> | PyObject | null"),
    (r"^(units|filters|epochs|batch_size|axis|seed|rank|steps_per_epoch|initial_epoch|input_dim)$", "Int"),
]

# Parameters whose documented string options become a literal union (read from the docstring's Args).
LITERAL_OPTION_PARAMS = {"padding", "data_format", "interpolation", "merge_mode", "reduction", "fill_mode",
                         "output_mode", "pooling", "implementation_mode"}

# Return types for calls whose result has a declared interface.
RETURN_BY_QUALNAME = {
    "keras.Input": "KerasTensor",
    "Model.fit": "callbacks.History",
    "keras.models.load_model": "models.Model",
    "keras.saving.load_model": "models.Model",
}

BASE_NAMESPACE_OF = {}  # id(class) -> (namespace, TS name)


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    modules = {ns: _resolve(keras, ns) for ns in NAMESPACES}
    for ns in NAMESPACES:
        for name, obj in _public(modules[ns]):
            if inspect.isclass(obj) and id(obj) not in BASE_NAMESPACE_OF:
                BASE_NAMESPACE_OF[id(obj)] = (ns, name)
    for name, obj in _public(keras):
        if inspect.isclass(obj) and id(obj) not in BASE_NAMESPACE_OF:
            BASE_NAMESPACE_OF[id(obj)] = ("keras", name)
    files = {"names.d.ts": _names_file()}
    for ns in NAMESPACES:
        files[_file_of(ns)] = _namespace_file(ns, modules[ns])
    files["keras.d.ts"] = _keras_file()
    for file_name, text in files.items():
        with open(os.path.join(out_dir, file_name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)


# ---------------------------------------------------------------------------------------------- discovery

def _resolve(root, dotted):
    obj = root
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def _public(module):
    out = []
    for name in sorted(dir(module)):
        if name.startswith("_"):
            continue
        try:
            out.append((name, getattr(module, name)))
        except Exception:
            continue
    return out


def _file_of(ns):
    return ns.replace(".", "-") + ".d.ts"


def _module_of(ns):
    return "./" + _file_of(ns).replace(".d.ts", ".js")


def _alias_of(ns):
    return ns.replace(".", "_")


# ---------------------------------------------------------------------------------------------- names.ts

def _names_file():
    from keras.src import activations, constraints, initializers, losses, metrics, optimizers, regularizers

    def lower_names(module, skip=()):
        return sorted(k for k in module.ALL_OBJECTS_DICT if k[:1].islower() and k not in skip)

    lists = [
        ("ActivationName", "an activation", lower_names(activations)),
        ("InitializerName", "an initializer", lower_names(initializers, {"initializer"})),
        ("RegularizerName", "a regularizer", lower_names(regularizers, {"regularizer"})),
        ("ConstraintName", "a constraint", lower_names(constraints, {"constraint"})),
        ("LossName", "a loss", lower_names(losses)),
        # compile() also takes "acc", "crossentropy" and "ce" (keras/src/trainers/compile_utils.py).
        ("MetricName", "a metric", sorted(set(lower_names(metrics, {"metric", "mean_metric_wrapper"}))
                                          | {"acc", "crossentropy", "ce"})),
        ("OptimizerName", "an optimizer", lower_names(optimizers, {"optimizer", "optimizermap"})),
    ]
    out = [_HEADER.split("\n")[0], ""]
    for type_name, what, names in lists:
        out.append(f"/** The names Keras accepts for {what} (`keras.{what.split()[-1]}s.get`). */")
        out.append(f"export type {type_name} =")
        for n in names:
            out.append(f'  | "{n}"')
        out[-1] += ";"
        out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------- namespaces

def _namespace_file(ns, module):
    body = []
    members = []
    for name, obj in _public(module):
        if inspect.isclass(obj):
            home = BASE_NAMESPACE_OF.get(id(obj))
            if home and home[0] == ns and home[1] == name:
                body.append(_class_declarations(ns, name, obj))
                members.append(f"  {name}: {name}Class;")
            elif home:
                members.append(f"  {name}: {_ref(ns, home)}Class;")
            else:
                members.append(f"  {name}: PyObject;")
        elif inspect.isfunction(obj) or inspect.isbuiltin(obj) or (callable(obj) and not inspect.ismodule(obj)):
            body.append(_kwargs_interface(f"{name}Args", obj, skip_first=False))
            ret = RETURN_BY_QUALNAME.get(f"keras.{ns}.{name}", "PyObject")
            if ret.startswith(f"{_alias_of(ns)}."):
                ret = ret.split(".", 1)[1]
            members.extend(_doc_lines(obj, f"keras.{ns}.{name}", "  "))
            members.extend(f"  {name}{sig};" for sig in _call_signatures(obj, f"{name}Args", ret, False))
        elif inspect.ismodule(obj):
            members.append(f"  {name}: PyObject;")
        else:
            members.append(f"  {name}: PyObject;")
    header = [_HEADER, _imports(ns), ""]
    module_doc = f"/** `keras.{ns}`. */"
    module_iface = [module_doc, "export interface Module extends T.PyBase {", *members, "}", ""]
    return "\n".join(header + [b for b in body if b] + module_iface)


def _imports(ns):
    lines = ['import type { PyObject } from "../../bridge/proxy.js";']
    for other in NAMESPACES:
        if other != ns:
            lines.append(f'import type * as {_alias_of(other)} from "{_module_of(other)}";')
    if ns != "keras":
        lines.append('import type * as keras from "./keras.js";')
    return "\n".join(lines)


def _ref(current_ns, home):
    ns, name = home
    return name if ns == current_ns else f"{_alias_of(ns)}.{name}"


def _class_declarations(ns, name, cls):
    """The instance interface `Name`, the class interface `NameClass` and `NameArgs` (constructor kwargs)."""
    out = []
    pre = []
    base = _nearest_declared_base(cls)
    base_ref = _ref(ns, BASE_NAMESPACE_OF[id(base)]) if base is not None else "T.PyBase"
    qual = f"keras.{ns}.{name}" if ns != "keras" else f"keras.{name}"
    init_params, open_kwargs = _init_parameters(cls)
    out.append(_kwargs_from_params(f"{name}Args", init_params, open_kwargs, cls))
    # Instance interface: the members this class adds to its declared base, and a call signature for layers.
    out.extend(_doc_lines(cls, qual, ""))
    out.append(f"export interface {name} extends {base_ref} {{")
    call = _own_call(cls, base)
    if call is None and base is None:
        # Not a layer: no typed call, but still assignable wherever a PyObject is expected.
        out.append("  (...args: any[]): PyObject;")
    if call is not None:
        pre.append(_kwargs_interface(f"{name}CallArgs", call, skip_first=True))
        out.extend(f"  {sig};" for sig in _call_signatures(call, f"{name}CallArgs", "PyObject", True))
    for member_name, kind, member in _own_members(cls, base):
        if kind == "method":
            args_name = f"{name}_{member_name}Args"
            bound = not isinstance(member, staticmethod)
            pre.append(_kwargs_interface(args_name, member, skip_first=bound))
            ret = RETURN_BY_QUALNAME.get(f"{name}.{member_name}", "PyObject")
            if ret.startswith(f"{_alias_of(ns)}."):
                ret = ret.split(".", 1)[1]
            out.extend(_doc_lines(member, f"{qual}.{member_name}", "  "))
            out.extend(f"  {member_name}{sig};" for sig in _call_signatures(member, args_name, ret, bound))
        else:
            out.extend(_doc_lines(member, f"{qual}.{member_name}", "  "))
            out.append(f"  readonly {member_name}: PyObject;")
    for member_name, doc in INSTANCE_ATTRIBUTES.get(qual, {}).items():
        out.append(f"  /** {doc} */")
        out.append(f"  readonly {member_name}: PyObject;")
    out.append("}")
    # Class interface: calling it constructs an instance.
    out.append(f"/** The class `{qual}`: calling it makes a `{name}`. */")
    out.append(f"export interface {name}Class extends T.PyBase {{")
    out.extend(f"  {sig};" for sig in _signatures_from_params(init_params, f"{name}Args", name, open_kwargs,
                                                              owner=cls))
    out.append("}")
    out.append("")
    return "\n".join(x for x in pre + out if x is not None)


def _nearest_declared_base(cls):
    for base in cls.__mro__[1:]:
        if id(base) in BASE_NAMESPACE_OF:
            return base
    return None


def _defining_class(cls, name):
    for c in cls.__mro__:
        if name in c.__dict__:
            return c
    return None


def _is_keras(c):
    return c is not None and (c.__module__ or "").startswith("keras")


def _own_members(cls, base):
    """Public members defined in Keras code that `cls` adds to its declared base. Overrides (`build`, `call`,
    `get_config` in every layer) are not repeated: the base's declaration covers them, which keeps the
    declarations small enough for tsc to stay fast."""
    out = []
    for name in sorted(dir(cls)):
        if name.startswith("_"):
            continue
        owner = _defining_class(cls, name)
        if not _is_keras(owner):
            continue
        # torch.nn.Module's methods (Layer's other base under the torch backend) are not Keras' API: a Keras
        # method of the same name (Trainer.compile) is declared where Keras defines it.
        if base is not None and _is_keras(_defining_class(base, name)):
            continue
        raw = owner.__dict__[name]
        if isinstance(raw, (staticmethod, classmethod)):
            out.append((name, "method", raw if isinstance(raw, staticmethod) else raw.__func__))
        elif inspect.isfunction(raw):
            out.append((name, "method", raw))
        elif isinstance(raw, property) or inspect.isdatadescriptor(raw):
            out.append((name, "property", raw))
        elif not callable(raw):
            out.append((name, "property", raw))
    return out


def _own_call(cls, base):
    """The signature source of calling an instance: Layer.__call__ runs `call`."""
    if not issubclass(cls, keras.layers.Layer):
        return None
    owner = _defining_class(cls, "call")
    if base is not None and _defining_class(base, "call") is owner and cls is not keras.layers.Layer:
        return None
    return owner.__dict__["call"]


def _init_parameters(cls):
    """The constructor's parameters, following **kwargs into base classes' __init__ until it is closed."""
    from keras.src.models.functional import Functional

    source = cls
    if cls is keras.Model:
        source = Functional  # keras.Model(inputs, outputs) builds a Functional model
    params = []
    seen = set()
    open_kwargs = False
    for c in source.__mro__:
        init = c.__dict__.get("__init__")
        if init is None or not inspect.isfunction(init):
            continue
        try:
            sig = inspect.signature(init)
        except (TypeError, ValueError):
            open_kwargs = True
            break
        has_var_kw = False
        for i, p in enumerate(sig.parameters.values()):
            if i == 0:
                continue
            if p.kind is p.VAR_KEYWORD:
                has_var_kw = True
                continue
            if p.kind is p.VAR_POSITIONAL:
                continue
            if p.name in seen:
                continue
            seen.add(p.name)
            if params and c is not source:
                p = p.replace(kind=p.KEYWORD_ONLY)  # a base's parameters are reached through **kwargs
            params.append(p)
        if not has_var_kw:
            break
        if c is keras.layers.Layer:
            for extra in LAYER_EXTRA_KWARGS:
                if extra not in seen:
                    seen.add(extra)
                    params.append(inspect.Parameter(extra, inspect.Parameter.KEYWORD_ONLY, default=None))
            break
        if not _is_keras(c):
            open_kwargs = True
            break
    else:
        open_kwargs = False
    return params, open_kwargs


# ---------------------------------------------------------------------------------------------- signatures

def _signature(fn, skip_first):
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    params = list(sig.parameters.values())
    if skip_first and params and params[0].kind in (params[0].POSITIONAL_ONLY, params[0].POSITIONAL_OR_KEYWORD):
        params = params[1:]
    return params


def _kwargs_interface(name, fn, skip_first):
    params = _signature(fn, skip_first)
    if params is None:
        return None
    open_kwargs = any(p.kind is p.VAR_KEYWORD for p in params)
    return _kwargs_from_params(name, params, open_kwargs, fn)


def _kwargs_from_params(name, params, open_kwargs, owner):
    keyword = [p for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    if not keyword and not open_kwargs:
        return None
    doc = _args_section(owner)
    lines = [f"export interface {name} {{"]
    for p in keyword:
        lines.append(f"  {p.name}?: {_type_of(p, doc)};")
    if open_kwargs:
        lines.append("  [keyword: string]: unknown;")
    lines.append("}")
    return "\n".join(lines)


def _call_signatures(fn, args_name, ret, skip_first):
    params = _signature(fn, skip_first)
    if params is None:
        return [f"(...args: T.PyArg[]): {ret}", f"(...args: [...T.PyArg[], Record<string, unknown>]): {ret}"]
    open_kwargs = any(p.kind is p.VAR_KEYWORD for p in params)
    return _signatures_from_params(params, args_name, ret, open_kwargs, owner=fn)


def _signatures_from_params(params, kw_type, ret, open_kwargs, owner=None):
    """Overloads: every allowed positional prefix followed by an optional keyword object."""
    doc = _args_section(owner) if owner is not None else {}
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    var_positional = any(p.kind is p.VAR_POSITIONAL for p in params)
    required = [p for p in positional if p.default is p.empty]
    keyword_names = [p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    has_kwargs = bool(keyword_names) or open_kwargs
    r = len(required)
    last = min(len(positional), r + MAX_OPTIONAL_POSITIONAL)
    sigs = []
    # Fewer positional arguments than required ones: the rest of the required ones are keywords
    # (`Conv2D(32, { kernel_size: 3 })`, `model.fit({ x, y })`).
    for k in range(r):
        rest_required = required[k:]
        if not has_kwargs or not all(p.kind is p.POSITIONAL_OR_KEYWORD for p in rest_required):
            continue
        args = [f"{_safe(p.name)}: {_type_of(p, doc)}" for p in positional[:k]]
        req = "; ".join(f"{p.name}: {_type_of(p, doc)}" for p in rest_required)
        args.append(f"kwargs: {kw_type or '{}'} & {{ {req} }}")
        sigs.append(f"({', '.join(args)}): {ret}")
    for k in range(r, last + 1):
        args = [f"{_safe(p.name)}: {_type_of(p, doc)}" for p in positional[:k]]
        if var_positional and k == len(positional):
            if has_kwargs:
                rest_with_kwargs = f"...args: [...T.PyArg[], {kw_type or 'Record<string, unknown>'}]"
                sigs.append(f"({', '.join(args + [rest_with_kwargs])}): {ret}")
            args.append("...args: T.PyArg[]")
        elif has_kwargs:
            args.append(f"kwargs?: {kw_type}")
        sigs.append(f"({', '.join(args)}): {ret}")
    return sigs


_TS_RESERVED = {"function", "default", "class", "new", "delete", "in", "var", "this", "return", "switch", "case",
                "with", "enum", "export", "import", "extends", "super", "const", "let", "yield", "void", "while",
                "for", "if", "else", "do", "try", "catch", "finally", "throw", "typeof", "instanceof", "debugger",
                "continue", "break", "null", "true", "false", "interface", "package", "private", "protected",
                "public", "static", "arguments", "eval"}


def _safe(name):
    return f"{name}_" if name in _TS_RESERVED else name


# ---------------------------------------------------------------------------------------------- types

_VALUE_TYPES = ("Activation", "InitializerLike", "RegularizerLike", "ConstraintLike", "OptimizerLike", "LossLike",
                "MetricsLike", "Shape", "DTypeLike", "Str", "Int", "Bool", "Float", "PyArg")


def _qualified(ts):
    """Value types live in src/keras/types.ts, imported as `T`: Keras has a class named `Activation` too."""
    return re.sub(r"\b(" + "|".join(_VALUE_TYPES) + r")\b", r"T.\1", ts)


def _type_of(p, doc):
    return _qualified(_plain_type_of(p, doc))


def _plain_type_of(p, doc):
    name = p.name
    for pattern, ts in TYPE_BY_NAME:
        if re.search(pattern, name):
            return _with_null(ts, p)
    if name in LITERAL_OPTION_PARAMS:
        options = _documented_options(doc.get(name, ""), p.default)
        if options:
            return _with_null(" | ".join(f'"{o}"' for o in options) + " | PyObject", p)
    d = p.default
    if d is p.empty or d is None:
        return "PyArg"
    if isinstance(d, bool):
        return "Bool"
    if isinstance(d, int):
        return "Int"
    if isinstance(d, float):
        return "Float"
    if isinstance(d, str):
        return "Str"
    if isinstance(d, tuple) and all(isinstance(x, int) for x in d):
        return "Shape"
    return "PyArg"


def _with_null(ts, p):
    if p.default is None and "null" not in ts:
        return f"{ts} | null"
    return ts


def _documented_options(text, default):
    options = []
    # Options are quoted strings in the description ("valid" or "same"); backquoted names are code, not options.
    for m in re.finditer(r'"([A-Za-z_][A-Za-z0-9_]*)"', text):
        o = m.group(1)
        if o not in options and o not in ("None", "True", "False"):
            options.append(o)
    if isinstance(default, str) and default not in options:
        options.insert(0, default)
    return options if len(options) >= 2 else []


def _args_section(owner):
    """Parameter name -> description, from the Google-style "Args:" section of a docstring."""
    doc = inspect.getdoc(owner) or ""
    out = {}
    lines = doc.splitlines()
    in_args = False
    current = None
    for line in lines:
        stripped = line.strip()
        if re.match(r"^(Args|Arguments):\s*$", stripped):
            in_args = True
            continue
        if in_args and re.match(r"^[A-Z][A-Za-z ]+:\s*$", stripped) and not line.startswith(" "):
            in_args = False
        if not in_args:
            continue
        m = re.match(r"^    ([A-Za-z_][A-Za-z0-9_]*)(?: \([^)]*\))?:\s*(.*)$", line)
        if m:
            current = m.group(1)
            out[current] = m.group(2)
        elif current and stripped:
            out[current] += " " + stripped
    return out


def _doc_lines(obj, qual, indent):
    doc = inspect.getdoc(obj) or ""
    first = doc.strip().split("\n\n")[0].replace("\n", " ").strip()
    first = re.sub(r"\s+", " ", first).replace("*/", "* /")
    if len(first) > 200:
        first = first[:197].rstrip() + "..."
    lines = [f"{indent}/**"]
    if first:
        lines.append(f"{indent} * {first}")
    lines.append(f"{indent} * @see https://keras.io/search.html?query={qual}")
    lines.append(f"{indent} */")
    return lines


# ---------------------------------------------------------------------------------------------- keras.ts

def _keras_file():
    members = []
    body = []
    for name, obj in _public(keras):
        if name in TOP_LEVEL_SKIP:
            continue
        if name in NAMESPACES:
            members.append(f"  {name}: {_alias_of(name)}.Module;")
            continue
        if inspect.isclass(obj):
            home = BASE_NAMESPACE_OF[id(obj)]
            if home == ("keras", name):
                body.append(_class_declarations("keras", name, obj))
                members.append(f"  {name}: {name}Class;")
            else:
                members.append(f"  {name}: {_ref('keras', home)}Class;")
        elif inspect.isfunction(obj):
            body.append(_kwargs_interface(f"{name}Args", obj, skip_first=False))
            ret = RETURN_BY_QUALNAME.get(f"keras.{name}", "PyObject")
            members.extend(_doc_lines(obj, f"keras.{name}", "  "))
            members.extend(f"  {name}{sig};" for sig in _call_signatures(obj, f"{name}Args", ret, False))
        else:
            members.append(f"  {name}: PyObject;")
    header = [_HEADER, _imports("keras"), ""]
    tail = [
        "/** `py.import(\"keras\")`: Keras' public API. */",
        "export interface Keras extends T.PyBase {",
        *members,
        "}",
        "",
        'declare module "../../bridge/py.js" {',
        "  interface PyModules {",
        "    keras: Keras;",
        "  }",
        "}",
        "",
    ]
    return "\n".join(header + [b for b in body if b] + tail)


_HEADER = (
    f"// Generated by scripts/keras-types/generate.py from Keras {keras.__version__}: do not edit; run `npm run gen:types`.\n"
    "/* eslint-disable */\n"
    'import type * as T from "../types.js";'
)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: generate.py OUT_DIR")
    main(sys.argv[1])
