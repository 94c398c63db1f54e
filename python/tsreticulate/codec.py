"""msgpack encoding of messages, with the extension codes of codes.py. Array bytes travel as their own
ZeroMQ frames: the message body only says which frame holds them."""
import struct

import msgpack

from .codes import (
    MAX_NESTING,
    EXT_BIGINT, EXT_CALLBACK, EXT_DICT, EXT_FLOAT, EXT_HANDLE, EXT_NDARRAY, EXT_REF, EXT_SET, EXT_SHARED_ARRAY,
    EXT_SLICE, EXT_TUPLE,
)


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


def _limits(data):
    # A message may not declare more items or bytes than it carries (a 10-byte message announcing a billion-item
    # array is hostile); a real value of any size passes: the transport, not the codec, bounds a message.
    n = len(data)
    return dict(max_array_len=n, max_map_len=n, max_ext_len=n, max_str_len=n, max_bin_len=n)


# Each nested extension is a nested msgpack.unpackb call, whose C frame is large: a few hundred levels
# overflow the C stack (a segfault, found by tests/faults/fuzz.test.ts). Real values nest a few levels.
# Only the main thread decodes with extensions (the control thread reads plain msgpack).
MAX_EXT_DEPTH = MAX_NESTING
_ext_depth = [0]


def _ext_hook(code, data):
    if code == EXT_FLOAT:
        return struct.unpack(">d", data)[0]
    if _ext_depth[0] >= MAX_EXT_DEPTH:
        raise ValueError(f"values nested deeper than {MAX_EXT_DEPTH} levels (the limit of a message)")
    _ext_depth[0] += 1
    try:
        inner = msgpack.unpackb(data, ext_hook=_ext_hook, raw=False, strict_map_key=False, timestamp=3,
                                **_limits(data))
    finally:
        _ext_depth[0] -= 1
    if code == EXT_REF:
        return Ref(inner)
    if code == EXT_TUPLE:
        return TupleOf(inner)
    if code == EXT_DICT:
        return DictOf(inner)
    if code == EXT_BIGINT:
        # Hexadecimal digits: Python limits int <-> decimal str to 4,300 digits (a quadratic algorithm), not base 16.
        return int(inner, 16)
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
    try:
        # timestamp=3: msgpack's timestamp extension (a JS Date) is a datetime in UTC.
        return msgpack.unpackb(body, ext_hook=_ext_hook, raw=False, strict_map_key=False, timestamp=3,
                               **_limits(body))
    except msgpack.StackError:
        raise ValueError(f"values nested deeper than msgpack's decoder allows (the client keeps to {MAX_NESTING} "
                         "levels)") from None


def batch_id_of(body):
    """The batch id of a message that could not be decoded whole, or None: it is the first item of the batch
    array, so a streaming decoder reaches it before whatever broke the rest. The client's operations then fail
    with the reason instead of waiting for an answer that would never come."""
    try:
        unpacker = msgpack.Unpacker(raw=False, max_buffer_size=len(body), max_array_len=len(body))
        unpacker.feed(body)
        unpacker.read_array_header()
        batch_id = unpacker.unpack()
    except Exception:
        return None
    return batch_id if type(batch_id) is int else None


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


def _packer(unicode_errors):
    def default(obj):
        if isinstance(obj, Ext):
            # A packer of its own: a Packer is not reentrant, and this runs inside the outer one's pack.
            return msgpack.ExtType(obj.code, msgpack.packb(obj.value, default=default, use_bin_type=True,
                                                           datetime=True, unicode_errors=unicode_errors))
        raise TypeError(f"cannot encode {type(obj).__name__}")

    def pack(message):
        # datetime=True: an aware datetime (conversion.py makes them so) is msgpack's timestamp, a Date in JS.
        return msgpack.packb(message, default=default, use_bin_type=True, datetime=True,
                             unicode_errors=unicode_errors)

    return pack


_pack_strict = _packer("strict")
# A str Python made from bytes that are not UTF-8 (os.listdir's names, surrogateescape) holds lone surrogates,
# which UTF-8 cannot encode: such a message goes out with them spelled as escapes ("caf\\udce9.csv") rather than
# not at all. Nothing a Python program can put in a message may end the server.
_pack_escaped = _packer("backslashreplace")


def encode(message):
    try:
        return _pack_strict(message)
    except UnicodeEncodeError:
        return _pack_escaped(message)
