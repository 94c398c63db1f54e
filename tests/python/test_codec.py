"""codec.py: the limits of what the server decodes, and what it encodes when a value is awkward."""
import struct

import msgpack
import pytest

from tsreticulate import codes as C
from tsreticulate.codec import (
    MAX_EXT_DEPTH, ArrayFrame, CallbackRef, DictOf, Ext, Ref, SetOf, SliceOf, TupleOf, batch_id_of, decode, encode,
)


def ext(code, value):
    return msgpack.ExtType(code, msgpack.packb(value, use_bin_type=True))


def pack(value):
    return msgpack.packb(value, use_bin_type=True)


def test_a_batch_decodes_with_its_extensions():
    body = pack([7, None, [[C.OP_CALL, 1, 2, ext(C.EXT_REF, 3), [ext(C.EXT_TUPLE, [1, 2])], None]]])
    batch_id, ctx, ops = decode(body)
    assert (batch_id, ctx) == (7, None)
    op = ops[0]
    assert isinstance(op[3], Ref) and op[3].id == 3
    assert isinstance(op[4][0], TupleOf) and op[4][0].items == [1, 2]


@pytest.mark.parametrize("code, value, kind", [
    (C.EXT_DICT, [[1, "a"]], DictOf),
    (C.EXT_SET, [1, 2], SetOf),
    (C.EXT_SLICE, [1, None, 2], SliceOf),
    (C.EXT_CALLBACK, [5, C.VALUE_CONVERT], CallbackRef),
    (C.EXT_NDARRAY, ["float32", [2], 0], ArrayFrame),
])
def test_each_extension_code_decodes_to_its_wire_class(code, value, kind):
    assert isinstance(decode(pack(ext(code, value))), kind)


def test_a_float_extension_stays_a_float():
    value = decode(pack(msgpack.ExtType(C.EXT_FLOAT, struct.pack(">d", 1.0))))
    assert type(value) is float and value == 1.0


def test_an_unknown_extension_code_is_refused_by_its_number():
    with pytest.raises(ValueError, match="unknown extension type code 99"):
        decode(pack(ext(99, 1)))


def test_a_message_may_not_declare_more_items_than_it_carries():
    # An array header announcing 2**31 items in a message of five bytes.
    with pytest.raises(ValueError):
        decode(b"\xdd\x80\x00\x00\x00")


def test_extensions_nest_at_most_max_nesting_levels():
    def nested(depth):
        value = 0
        for _ in range(depth):
            value = ext(C.EXT_TUPLE, value)
        return pack(value)

    assert MAX_EXT_DEPTH == C.MAX_NESTING
    decode(nested(MAX_EXT_DEPTH))
    with pytest.raises(ValueError, match=f"nested deeper than {MAX_EXT_DEPTH} levels"):
        decode(nested(MAX_EXT_DEPTH + 1))


def test_lists_nested_past_the_decoders_stack_fail_with_the_limit_named():
    body = b"\x91" * 2000 + b"\xc0"
    with pytest.raises(ValueError, match=f"the client keeps to {C.MAX_NESTING} levels"):
        decode(body)


@pytest.mark.parametrize("n", [2**64, -(2**63) - 1, 10**5000, -(3**20000)],
                         ids=["2**64", "-(2**63)-1", "10**5000", "-(3**20000)"])
def test_integers_past_64_bits_travel_as_hexadecimal_both_ways(n):
    assert decode(pack(ext(C.EXT_BIGINT, hex(n)))) == n
    packed = msgpack.unpackb(encode(Ext(C.EXT_BIGINT, hex(n))), raw=False)
    assert packed.code == C.EXT_BIGINT and int(msgpack.unpackb(packed.data), 16) == n


def test_a_lone_surrogate_is_sent_escaped_instead_of_failing_the_message():
    body = encode([C.MSG_OUTPUT, 1, "caf\udce9.csv"])
    assert msgpack.unpackb(body, raw=False) == [C.MSG_OUTPUT, 1, "caf\\udce9.csv"]


def test_the_batch_id_of_a_message_broken_after_it_is_recovered():
    good = pack([41, None, [[C.OP_STATS, 1]]])
    broken = good[:-3] + b"\xc1\xc1\xc1"  # 0xc1 is never used in msgpack
    with pytest.raises(Exception):
        decode(broken)
    assert batch_id_of(broken) == 41
    assert batch_id_of(b"\xc1") is None
    assert batch_id_of(pack(["not an int", None, []])) is None
