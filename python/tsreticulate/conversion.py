"""Python values -> wire values, and wire values -> Python values. Conversion rules live in registries
keyed by type, so a new type adds an entry (reticulate's py_to_r.<class> methods), not a branch."""
import datetime as _dt
import math
import sys

from .codec import (
    DICT_MARK, SET_MARK, ArrayFrame, CallbackRef, DictOf, Ext, Ref, SetOf, SharedArray, SliceOf, TupleOf,
)
from .codes import EXT_BIGINT, EXT_NDARRAY, VALUE_CONVERT, VALUE_HANDLE, VALUE_SHALLOW, VALUE_TO_JS

INT64_MIN, UINT64_MAX = -(2**63), 2**64 - 1
DTYPES = {
    "bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
    "float16", "float32", "float64",
}
# A container nested deeper than this in a value going to JS goes as a handle (its upper levels are converted):
# the exporter recurses once per level, and Python's recursion limit (1,000 frames) is not far above.
MAX_EXPORT_DEPTH = 100
# The longest string V8 can hold (2**29 - 24 UTF-16 units): a longer one would make the client's decoder fail on
# the whole message, so it crosses as a handle (str(handle) in pieces, or a file, gets at its text).
JS_MAX_STRING = 2**29 - 24

# numpy is imported on first need, not at start-up: it is most of the server's import time, and an object can
# only be a numpy array once something has imported numpy.
np = None


def _numpy():
    global np
    if np is None:
        import numpy

        np = numpy
        _EXPORT_RULES.setdefault(numpy.ndarray, export_ndarray)
        _BASE_RULES[4:4] = [(numpy.ndarray, export_ndarray), (numpy.generic, _export_numpy_scalar)]
    return np


class DependencyFailed(Exception):
    """An operation used a handle whose own operation raised: the original failure travels on. Python code sees
    one where a JS function returned the proxy of a failed operation: its message is the original's."""

    def __init__(self, failure):
        info = failure.info if isinstance(failure.info, dict) else {}
        super().__init__(f"{info.get('type', 'Exception')}: {info.get('message', '')}")
        self.failure = failure


# ---------------------------------------------------------------- wire -> Python


class Resolver:
    """Turns decoded wire values into Python objects, looking up handles in a connection's table."""

    def __init__(self, connection, frames):
        self.connection = connection
        self.frames = frames

    def __call__(self, v):
        t = type(v)
        if t in _SCALARS:
            return v
        if t is Ref:
            return self.connection.lookup(v.id)
        if t is list:
            return [self(x) for x in v]
        if t is dict:
            return {k: self(x) for k, x in v.items()}
        if t is TupleOf:
            return tuple(self(x) for x in v.items)
        if t is DictOf:
            return {self(k): self(x) for k, x in v.pairs}
        if t is SetOf:
            return {self(x) for x in v.items}
        if t is CallbackRef:
            return self.connection.js_function(v.id, v.mode, v.params)
        if t is ArrayFrame:
            return self.array(v)
        if t is SharedArray:
            return self.shared_array(v)
        if t is SliceOf:
            return slice(self(v.start), self(v.stop), self(v.step))
        return v

    def array(self, a):
        np, dtype, shape, count = _array_layout(a)
        if not isinstance(a.frame, int) or not 0 <= a.frame < len(self.frames):
            raise ValueError(f"array frame {a.frame!r} is not in this message")
        buf = self.frames[a.frame]
        if count * dtype.itemsize != len(buf):
            raise ValueError(f"array of shape {shape} and dtype {a.dtype} needs {count * dtype.itemsize} bytes, "
                             f"its frame has {len(buf)}")
        # Copies JS -> Python: two, both in the kernel (JS memory -> socket, socket -> the ZeroMQ message
        # libzmq allocated for this frame); zeromq.js sends the typed array's own memory. The array below is
        # a view of that message: received with copy=False, it is writable and lives as long as the array,
        # so in-place arithmetic and torch.from_numpy work on it with no third copy. Only a frame that is
        # not aligned for its dtype (a small message inside libzmq's shared receive buffer) is copied.
        array = np.frombuffer(buf, dtype=dtype, count=count).reshape(shape)
        if not array.flags.writeable or array.ctypes.data % dtype.alignment:
            array = array.copy()
        return array

    def shared_array(self, a):
        """An array whose bytes the client wrote to the shared folder (shared.py): a view of the file's mapping,
        which lives as long as the array. No copy in Python."""
        from .shared import map_shared_array

        np, dtype, shape, count = _array_layout(a)
        server = self.connection.server
        mapping = map_shared_array(server.shared_dir, a.name, count * dtype.itemsize, server.shared_keep)
        return np.frombuffer(mapping, dtype=dtype, count=count).reshape(shape)


def _array_layout(a):
    """numpy, the dtype, the shape and the element count an array header (a frame's or a file's) declares."""
    if a.dtype not in DTYPES:
        raise ValueError(f"unsupported dtype {a.dtype!r}")
    shape = tuple(int(n) for n in a.shape)
    np = _numpy()
    return np, np.dtype(a.dtype), shape, math.prod(shape)


_SCALARS = {int, float, str, bool, type(None), bytes}
_SHALLOW_SCALARS = {int, float, str, bool}

# ---------------------------------------------------------------- Python -> wire


class Exporter:
    """Turns a Python value into a wire value for the client, registering handles for objects that have no
    JS form. `frames` collects array buffers, which travel as their own ZeroMQ frames; `into`, a file the client
    lent (`toJs(t, { into })`: [name, capacity]), takes the bytes of a value that is one array instead."""

    def __init__(self, connection, mode, frames, into=None):
        self.connection = connection
        self.mode = mode
        self.frames = frames
        self.into = into
        self.active = set()

    def top(self, value):
        if self.mode == VALUE_HANDLE:
            return self.handle(value, with_repr=True)
        if self.mode == VALUE_SHALLOW:
            if type(value) in (tuple, list):
                return [self.shallow(x) for x in value]
            return self.shallow(value)
        return self(value, 0)

    def shallow(self, value):
        # Scalars are values in both worlds: a handle to True or None would only have to be awaited again.
        if value is None or type(value) in _SHALLOW_SCALARS:
            return self(value, 0)
        ref = self.connection.new_server_ref(value)
        t = type(value)
        return Ext(_HANDLE_CODE, [ref, f"{t.__module__}.{t.__qualname__}", cheap_repr(value)])

    def handle(self, value, with_repr=True):
        ref = self.connection.new_server_ref(value)
        text = None
        if with_repr:
            try:
                text = repr(value)
            except Exception as e:  # a broken __repr__ must not break the conversion
                text = f"<{type(value).__name__} (repr failed: {e})>"
        t = type(value)
        return Ext(_HANDLE_CODE, [ref, f"{t.__module__}.{t.__qualname__}", text])

    def __call__(self, v, depth):
        t = type(v)
        if t is bool or v is None or t is float or t is bytes:
            return v
        if t is str:
            return v if len(v) <= JS_MAX_STRING else self.handle(v, with_repr=False)
        if t is int:
            # Hexadecimal: str() of an int past 4,300 digits raises (sys.int_max_str_digits); hex() has no limit.
            return v if INT64_MIN <= v <= UINT64_MAX else Ext(EXT_BIGINT, hex(v))
        rule = _EXPORT_RULES.get(t)
        if rule is None:
            rule = _find_rule(t)
        return rule(self, v, depth)

    def container(self, v, depth, build):
        if depth > MAX_EXPORT_DEPTH or id(v) in self.active:
            return self.handle(v)
        self.active.add(id(v))
        try:
            return build()
        finally:
            self.active.discard(id(v))


CHEAP_REPR_ELEMENTS = 64


def cheap_repr(value):
    """The repr `console.log` shows for a handle handed over unasked (an iteration item, a callback argument),
    where a full repr would cost more than the rest of the transfer: torch's repr of a 1x1 tensor takes about 0.4 ms
    and numpy's of a 1x1 array 0.2 ms (measured), against 15-30 µs for the whole pull of a DataLoader batch. A tensor
    or array is summed up by its type, shape, dtype and device, with its values (tolist(), about 1 µs) when it has
    a few; `await repr(x)` gives the full one. Other objects get their repr."""
    t = type(value)
    try:
        if t.__module__.partition(".")[0] in ("torch", "numpy") and isinstance(getattr(value, "shape", None), tuple):
            device = getattr(value, "device", None)
            where = f", device={device}" if device is not None else ""
            values = f" {value.tolist()}" if math.prod(value.shape) <= CHEAP_REPR_ELEMENTS else ""
            return f"<{t.__module__}.{t.__qualname__} shape={list(value.shape)} dtype={value.dtype}{where}{values}>"
        return repr(value)
    except Exception as e:  # a broken __repr__ (or shape) must not break the transfer
        return f"<{type(value).__name__} (repr failed: {e})>"


def _export_int_subclass(ex, v, depth):
    return ex(int(v), depth)


def _export_float_subclass(ex, v, depth):
    return float(v)


def _export_str_subclass(ex, v, depth):
    return str(v)


def _export_sequence(ex, v, depth):
    return ex.container(v, depth, lambda: [ex(x, depth + 1) for x in v])


def _export_dict(ex, v, depth):
    def build():
        # A key "__proto__" cannot be a key of a msgpack map for JS (msgpackr renames it): such a dict travels
        # as pairs, which the client makes an object with that own property.
        if all(type(k) is str for k in v) and "__proto__" not in v:
            return {k: ex(x, depth + 1) for k, x in v.items()}
        return [DICT_MARK, [[ex(k, depth + 1), ex(x, depth + 1)] for k, x in v.items()]]

    return ex.container(v, depth, build)


def _export_set(ex, v, depth):
    return ex.container(v, depth, lambda: [SET_MARK, [ex(x, depth + 1) for x in v]])


def export_ndarray(ex, a, depth):
    np = _numpy()
    name = a.dtype.name
    if a.dtype.kind in "USOT":
        # Strings (fixed-width "U" and numpy 2's variable-width StringDType, "T"), bytes and objects have no
        # typed array: nested JS arrays of their converted items.
        return ex.container(a, depth, lambda: ex(a.tolist(), depth + 1))
    if name not in DTYPES or a.dtype.hasobject:
        return ex.handle(a)
    if a.dtype.byteorder == ">":
        a = a.astype(a.dtype.newbyteorder("<"))
    # Copies Python -> JS: none here for a C-contiguous array (one only for a non-contiguous, Fortran-ordered
    # or big-endian one); the frame is sent from the array's own memory (zmq copy=False), the kernel copies
    # it twice (into the socket, out into the message libzmq allocated in Node), and zeromq.js hands that
    # message to JS as an external Buffer, which the NDArray views without a copy.
    shape = list(a.shape)  # ascontiguousarray makes a 0-d array 1-d
    a = np.ascontiguousarray(a)
    if depth == 0 and ex.into is not None and _write_into(ex, a):
        return Ext(EXT_NDARRAY, [name, shape, INTO_FILE])
    index = len(ex.frames)
    ex.frames.append(memoryview(a).cast("B") if a.size else b"")
    return Ext(EXT_NDARRAY, [name, shape, index])


# The frame index of an array whose bytes are in the file the client lent (shared.py), not in a frame.
INTO_FILE = -1


def _write_into(ex, a):
    from .shared import write_reply_array

    name, capacity = ex.into
    return write_reply_array(ex.connection.server.shared_dir, name, capacity, a)


def _export_numpy_scalar(ex, v, depth):
    return ex(v.item(), depth)


def _export_tensor(ex, v, depth):
    if ex.mode != VALUE_TO_JS:
        return ex.handle(v)
    return export_ndarray(ex, v.detach().cpu().numpy(), depth)


def _export_object(ex, v, depth):
    if ex.mode == VALUE_TO_JS and hasattr(v, "__array__") and not isinstance(v, type):
        try:
            return export_ndarray(ex, _numpy().asarray(v), depth)
        except Exception:
            pass
    return ex.handle(v)


def _export_datetime(ex, v, depth):
    # A JS Date is an instant: a naive datetime is taken as local time (as datetime.timestamp() takes it).
    return v if v.tzinfo is not None else v.astimezone()


def _export_date(ex, v, depth):
    # A date is the Date of its midnight in UTC, so that getUTCFullYear/Month/Date give it back in any time zone.
    return _dt.datetime(v.year, v.month, v.day, tzinfo=_dt.timezone.utc)


def _export_bytearray(ex, v, depth):
    return bytes(v)


_HANDLE_CODE = None  # set below, to keep the import list short
from .codes import EXT_HANDLE as _HANDLE_CODE  # noqa: E402

# The registry: exact type -> rule. Subclasses are matched once through their MRO, then cached.
_EXPORT_RULES = {
    list: _export_sequence,
    tuple: _export_sequence,
    dict: _export_dict,
    set: _export_set,
    frozenset: _export_set,
    bytearray: _export_bytearray,
    _dt.datetime: _export_datetime,
    _dt.date: _export_date,
}
_BASE_RULES = [
    (bool, lambda ex, v, d: bool(v)),
    (int, _export_int_subclass),
    (float, _export_float_subclass),
    (str, _export_str_subclass),
    # index 4: numpy's ndarray and generic, added by _numpy()
    (tuple, _export_sequence),  # torch.Size, namedtuples
    (list, _export_sequence),
    (dict, _export_dict),
    (frozenset, _export_set),
    (set, _export_set),
    (_dt.datetime, _export_datetime),  # pandas.Timestamp
    (_dt.date, _export_date),
    (bytearray, _export_bytearray),
]


def _find_rule(t):
    qual = f"{t.__module__}.{t.__qualname__}"
    if qual in ("torch.Tensor", "torch.nn.parameter.Parameter") or (
        t.__module__.startswith("torch") and any(b.__name__ == "Tensor" and b.__module__ == "torch" for b in t.__mro__)
    ):
        rule = _export_tensor
    else:
        if "numpy" in sys.modules:
            _numpy()
        rule = _export_object
        for base, base_rule in _BASE_RULES:
            if issubclass(t, base):
                rule = base_rule
                break
    _EXPORT_RULES[t] = rule
    return rule
