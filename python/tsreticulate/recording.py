"""OP_RECORD: a JS function recorded once on placeholders, replayed in Python as a plain callable.

[OP_RECORD, op_id, ref, params, program, result]
- params: the handle ids the placeholders stood for (the callable's positional arguments);
- program: the operations the JS function issued, in the ordinary operation format;
- result: the wire value the JS function returned (it may name handles the program creates).

Each call binds the arguments to the placeholder ids in a fresh local table and runs the program with the
server's own operation handlers against that table. Handles from outside the function (a device, a dtype)
are looked up once, when the function is recorded, and held: releasing their proxies later in JS does not
break the function."""

from . import codes as C
from .codec import ArrayFrame, CallbackRef, DictOf, SetOf, SliceOf, TupleOf, Ref
from .conversion import DependencyFailed, Resolver
from .errors import ProtocolError


class _LocalHandles:
    __slots__ = ("table",)

    def __init__(self, table):
        self.table = table

    def put(self, ref, obj):
        self.table[ref] = obj


class ReplayScope:
    """Stands in for the connection while a program runs: results go to the call's local table, and a
    handle read is found there or among the function's constants."""

    __slots__ = ("connection", "identity", "handles", "local", "constants")

    def __init__(self, connection, local, constants):
        self.connection = connection
        self.identity = connection.identity
        self.local = local
        self.constants = constants
        self.handles = _LocalHandles(local)

    def lookup(self, ref):
        try:
            return self.local[ref]
        except KeyError:
            return self.constants[ref]

    def new_server_ref(self, obj):
        return self.connection.new_server_ref(obj)

    def js_function(self, cb_id, mode, params=None):
        return self.connection.js_function(cb_id, mode, params)


class RecordedFunction:
    """A Python callable that replays what a JS function did to its arguments."""

    def __init__(self, server, connection, name, params, program, result, constants):
        self.server = server
        self.connection = connection
        self.name = name
        self.params = params
        # The handlers themselves, without the server's hooks (server.Hooks.run_handler, which expect a batch): a
        # program runs inside an operation whose hooks are already running.
        self.steps = [(server.handlers[op[0]], op) for op in program]
        self.result = result
        self.constants = constants

    def __call__(self, *args):
        if len(args) != len(self.params):
            raise TypeError(f"{self!r} takes {len(self.params)} positional argument(s), got {len(args)}")
        scope = ReplayScope(self.connection, dict(zip(self.params, args)), self.constants)
        resolver = Resolver(scope, ())
        for handler, op in self.steps:
            handler(scope, resolver, op, None, False)
        return resolver(self.result)

    def __len__(self):
        return len(self.steps)

    def __repr__(self):
        return f"<recorded JS function {self.name} ({len(self.steps)} operations)>"


def op_record(server, connection, resolver, op, batch, last):
    _, _, ref, params, program, result, name = op
    local = set(params)
    constants = {}

    def pin(r):
        if r not in local and r not in constants:
            try:
                constants[r] = connection.lookup(r)
            except DependencyFailed as failed:
                raise RuntimeError(
                    f"the recorded function uses a value whose own operation failed: "
                    f"{failed.failure.info.get('type')}: {failed.failure.info.get('message')}") from None

    for step in program:
        shape = C.RECORDED_OP_SHAPES.get(step[0]) if isinstance(step, list) and step else None
        if shape is None:
            raise ProtocolError(f"operation {step!r:.100} cannot be part of a recorded function")
        creates, reads, values = shape
        for i in reads:
            pin(step[i])
        for i in values:
            step[i] = _freeze(step[i], resolver, pin)
        if creates is not None:
            local.add(step[creates])
    result = _freeze(result, resolver, pin)
    connection.handles.put(ref, RecordedFunction(server, connection, name, params, program, result, constants))


def _freeze(v, resolver, pin):
    """Pins the outside handles a wire value names, and turns array frames (which live only as long as the
    message) and JS functions into objects the program keeps."""
    t = type(v)
    if t is Ref:
        pin(v.id)
    elif t is ArrayFrame:
        return resolver.array(v)
    elif t is CallbackRef:
        # One JSFunction for the life of the recorded function: the client forgets a JS function once Python
        # holds no JSFunction for it, so one made per call would be gone by the second call.
        return resolver(v)
    elif t is list:
        for i, x in enumerate(v):
            v[i] = _freeze(x, resolver, pin)
    elif t is dict:
        for k, x in v.items():
            v[k] = _freeze(x, resolver, pin)
    elif t is TupleOf or t is SetOf:
        v.items = _freeze(v.items, resolver, pin)
    elif t is DictOf:
        v.pairs = _freeze(v.pairs, resolver, pin)
    elif t is SliceOf:
        v.start, v.stop, v.step = (_freeze(x, resolver, pin) for x in (v.start, v.stop, v.step))
    return v


def install(server):
    server.register(C.OP_RECORD, lambda *a: op_record(server, *a), makes_ref=True)
