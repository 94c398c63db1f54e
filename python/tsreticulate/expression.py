"""OP_EXPR: a Python expression written as a TypeScript template, py.x`${a} + ${b} * 0.5`.

[OP_EXPR, op_id, ref, parts, values]
- parts: the template's literal text as written (its raw strings), one more than there are values;
- values: the wire values of its `${}` substitutions.

Each substitution becomes a parameter of a function compiled from the template; no value is ever pasted into
the text. `${a} + ${b} * 0.5` compiles, once per distinct template, to `lambda _tsr_0, _tsr_1: (_tsr_0 + _tsr_1 *
0.5)`, whose code object is cached; each evaluation makes a function of it and calls it with the values. A
function rather than eval() with locals: in Python 3.11 a comprehension is a scope of its own, which does not see
eval's locals but does see an enclosing function's parameters, so `[v * ${k} for v in ${xs}]` needs them to be
parameters. Globals are `__main__`'s, as for py.eval: what py.exec defined is in reach by name."""
import collections
import types

from . import codes as C
from .errors import ProtocolError

MAX_CACHED = 4096
_PREFIX = "_tsr_"
_SHOWN = "${…}"


class ExpressionCache:
    """Compiled templates by their literal parts; the oldest is dropped beyond MAX_CACHED (templates are one
    per call site, but a program that builds strings arrays itself must not grow the server without bound)."""

    def __init__(self):
        self.codes = collections.OrderedDict()

    def code(self, parts):
        key = tuple(parts)
        code = self.codes.get(key)
        if code is None:
            code = self.codes[key] = compile_template(parts)
            if len(self.codes) > MAX_CACHED:
                self.codes.popitem(last=False)
        return code


def compile_template(parts):
    names = [f"{_PREFIX}{i}" for i in range(len(parts) - 1)]
    text = parts[0] + "".join(name + part for name, part in zip(names, parts[1:]))
    filename = f"<py.x `{shown(parts)[:80]}`>"
    # The expression alone first, so that a syntax error points into the template; in parentheses, so that it may
    # span lines (`(\n` puts the template on line 2).
    try:
        compile(f"(\n{text}\n)", filename, "eval")
    except SyntaxError as e:
        raise SyntaxError(_syntax_message(parts, names, e)) from None
    module = compile(f"lambda {', '.join(names)}: (\n{text}\n)", filename, "eval")
    return next(c for c in module.co_consts if isinstance(c, types.CodeType))


def shown(parts):
    return _SHOWN.join(parts)


def _syntax_message(parts, names, error):
    message = f"py.x`{shown(parts)}` is not a Python expression: {error.msg}"
    line = (error.lineno or 2) - 1
    if error.text is not None and 1 <= line and error.offset:
        source_line = error.text.rstrip("\n")
        column = _shown_column(source_line[: error.offset - 1], names)
        message += f" (line {line}, column {column + 1})" if "\n" in "".join(parts) else f" (column {column + 1})"
    return message


def _shown_column(prefix, names):
    """A column in the template as written (`${…}` where a value goes) from one in the compiled text."""
    for name in sorted(names, key=len, reverse=True):
        prefix = prefix.replace(name, _SHOWN)
    return len(prefix)


def op_expr(cache, namespace, connection, resolver, op, batch, last):
    _, _, ref, parts, values = op
    if not isinstance(parts, list) or not parts or not all(isinstance(p, str) for p in parts):
        raise ProtocolError(f"OP_EXPR: the template's parts must be a list of strings, got {type(parts).__name__}")
    if not isinstance(values, list) or len(values) != len(parts) - 1:
        raise ProtocolError("OP_EXPR: a template takes one value per `${}`")
    function = types.FunctionType(cache.code(parts), namespace())
    connection.handles.put(ref, function(*resolver(values)))


def install(server):
    from .server import _main_namespace  # the namespace py.eval uses, whatever it becomes

    cache = ExpressionCache()
    server.register(C.OP_EXPR, lambda *a: op_expr(cache, _main_namespace, *a), makes_ref=True)
