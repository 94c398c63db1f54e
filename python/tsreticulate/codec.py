"""msgpack encoding of messages, with the extension codes of codes.py. Array bytes travel as their own
ZeroMQ frames: the message body only says which frame holds them."""
import struct

import msgpack

from .codes import (
    EXT_BIGINT, EXT_CALLBACK, EXT_DICT, EXT_FLOAT, EXT_HANDLE, EXT_NDARRAY, EXT_REF, EXT_SET, EXT_SHARED_ARRAY,
    EXT_SLICE, EXT_TUPLE,
)

MAX_DEPTH = 200


class Ref:
    """A reference to a handle, resolved when the operation that uses it runs (it may be defined by an
    earlier operation of the same batch)."""

    __slots__ = ("id",)

    def __init__(self, ref_id):
        self.id = ref_id


class TupleOf:
    __slots__ = ("items",)

    def __init__(self, items):
        self.items = items


class DictOf:
    __slots__ = ("pairs",)

    def __init__(self, pairs):
        self.pairs = pairs


class SetOf:
    __slots__ = ("items",)

    def __init__(self, items):
        self.items = items


class CallbackRef:
    __slots__ = ("id", "mode", "params")

    def __init__(self, cb_id, mode, params=None):
        self.id = cb_id
        self.mode = mode  # how the arguments are converted for JS (a VALUE_* code)
        self.params = params  # the JS parameters, for the Python signature (callbacks.py); None: unknown


class ArrayFrame:
    __slots__ = ("dtype", "shape", "frame")

    def __init__(self, dtype, shape, frame):
        self.dtype = dtype
        self.shape = shape
        self.frame = frame


class SharedArray:
    """An array whose bytes are in a file of the server's shared folder (shared.py)."""

    __slots__ = ("dtype", "shape", "name")

    def __init__(self, dtype, shape, name):
        self.dtype = dtype
        self.shape = shape
        self.name = name


class SliceOf:
    __slots__ = ("start", "stop", "step")

    def __init__(self, start, stop, step):
        self.start, self.stop, self.step = start, stop, step


def _limits():
    # Hostile input: bound what a single message may declare.
    return dict(max_array_len=2**24, max_map_len=2**24, max_ext_len=2**24)


# Each nested extension is a nested msgpack.unpackb call, whose C frame is large: a few hundred levels
# overflow the C stack (a segfault, found by tests/faults/fuzz.test.ts). Real values nest a few levels.
# Only the main thread decodes with extensions (the control thread reads plain msgpack).
MAX_EXT_DEPTH = 64
_ext_depth = [0]


def _ext_hook(code, data):
    if code == EXT_FLOAT:
        return struct.unpack(">d", data)[0]
    if _ext_depth[0] >= MAX_EXT_DEPTH:
        raise ValueError(f"extension values nested deeper than {MAX_EXT_DEPTH} levels")
    _ext_depth[0] += 1
    try:
        inner = msgpack.unpackb(data, ext_hook=_ext_hook, raw=False, strict_map_key=False, timestamp=3, **_limits())
    finally:
        _ext_depth[0] -= 1
    if code == EXT_REF:
        return Ref(inner)
    if code == EXT_TUPLE:
        return TupleOf(inner)
    if code == EXT_DICT:
        return DictOf(inner)
    if code == EXT_BIGINT:
        return int(inner, 16)  # hexadecimal: no digit limit (sys.int_max_str_digits) for a power-of-two base
    if code == EXT_CALLBACK:
        return CallbackRef(*inner)
    if code == EXT_NDARRAY:
        dtype, shape, frame = inner
        return ArrayFrame(dtype, shape, frame)
    if code == EXT_SHARED_ARRAY:
        dtype, shape, name = inner
        return SharedArray(dtype, shape, name)
    if code == EXT_SET:
        return SetOf(inner)
    if code == EXT_SLICE:
        return SliceOf(*inner)
    raise ValueError(f"unknown extension type code {code}")


def decode(body):
    # timestamp=3: msgpack's timestamp extension (a JS Date) is a datetime in UTC.
    return msgpack.unpackb(body, ext_hook=_ext_hook, raw=False, strict_map_key=False, timestamp=3, **_limits())


# Python -> JS, a dict whose keys a JS object cannot hold (and one with a "__proto__" key) and a set travel inline:
# a marker (the extension with no payload) and, after it in the same list, their items: [DICT_MARK, [[k, v], ...]],
# [SET_MARK, [x, ...]]. The client's msgpack reader then reads the items where they lie. Sent as an extension's
# payload, each such value made msgpackr decode a message of its own and copy the rest of the reply: a reply of
# 16,000 small dicts with int keys took 0.6 s to decode, a list of as many plain lists 0.03 s.
DICT_MARK = msgpack.ExtType(EXT_DICT, b"")
SET_MARK = msgpack.ExtType(EXT_SET, b"")


class Ext:
    """An extension value on its way out: packed by encode() as msgpack ExtType."""

    __slots__ = ("code", "value")

    def __init__(self, code, value):
        self.code = code
        self.value = value


def _default(obj):
    if isinstance(obj, Ext):
        return msgpack.ExtType(obj.code, msgpack.packb(obj.value, default=_default, use_bin_type=True, datetime=True))
    raise TypeError(f"cannot encode {type(obj).__name__}")


def encode(message):
    # datetime=True: an aware datetime (conversion.py makes them so) is msgpack's timestamp, a Date in JS.
    return msgpack.packb(message, default=_default, use_bin_type=True, datetime=True)


def handle_ext(ref, type_name, text):
    return Ext(EXT_HANDLE, [ref, type_name, text])
