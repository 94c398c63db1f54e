"""conversion.py: Python values -> wire values (Exporter) and wire values -> Python values (Resolver)."""
import datetime as dt

import msgpack
import numpy as np
import pytest

from tsreticulate import codes as C
from tsreticulate.codec import DICT_MARK, SET_MARK, ArrayFrame, DictOf, Ext, Ref, SetOf, SliceOf, TupleOf
from tsreticulate.conversion import MAX_EXPORT_DEPTH, DependencyFailed, Exporter, Resolver
from tsreticulate.errors import Failure


def export(connection, value, mode=C.VALUE_CONVERT):
    frames = []
    return Exporter(connection, mode, frames).top(value), frames


def test_scalars_are_themselves(connection):
    for value in (None, True, 1, -2**63, 2**64 - 1, 1.5, "text", b"bytes"):
        assert export(connection, value)[0] == value


def test_an_integer_past_64_bits_is_a_bigint_extension(connection):
    wire, _ = export(connection, 2**64)
    assert isinstance(wire, Ext) and (wire.code, wire.value) == (C.EXT_BIGINT, hex(2**64))


def test_containers(connection):
    assert export(connection, (1, [2, 3]))[0] == [1, [2, 3]]
    assert export(connection, {"a": 1})[0] == {"a": 1}
    assert export(connection, {1: "a", (2, 3): "b"})[0] == [DICT_MARK, [[1, "a"], [[2, 3], "b"]]]
    # A "__proto__" key cannot be a msgpack map key for JS: the dict travels as pairs.
    assert export(connection, {"__proto__": 1})[0] == [DICT_MARK, [["__proto__", 1]]]
    assert export(connection, {7})[0] == [SET_MARK, [7]]
    assert export(connection, bytearray(b"ab"))[0] == b"ab"


def test_dates_are_instants(connection):
    aware = dt.datetime(2020, 1, 2, 3, 4, tzinfo=dt.timezone.utc)
    assert export(connection, aware)[0] is aware
    naive = dt.datetime(2020, 1, 2, 3, 4)
    assert export(connection, naive)[0] == naive.astimezone()
    assert export(connection, dt.date(2020, 1, 2))[0] == dt.datetime(2020, 1, 2, tzinfo=dt.timezone.utc)


def test_an_object_without_a_js_form_is_a_handle(connection):
    class Thing:
        def __repr__(self):
            return "<thing>"

    thing = Thing()
    wire, _ = export(connection, thing)
    ref, type_name, text = wire.value
    assert wire.code == C.EXT_HANDLE and ref < 0 and text == "<thing>"
    assert type_name.endswith("Thing") and connection.lookup(ref) is thing


def test_handle_mode_gives_a_handle_for_anything(connection):
    wire, _ = export(connection, [1, 2], C.VALUE_HANDLE)
    assert wire.code == C.EXT_HANDLE and connection.lookup(wire.value[0]) == [1, 2]


def test_shallow_mode_gives_scalars_and_handles(connection):
    wire, _ = export(connection, (1, "a", [2]), C.VALUE_SHALLOW)
    assert wire[:2] == [1, "a"] and wire[2].code == C.EXT_HANDLE


def test_a_container_nested_too_deep_or_in_itself_goes_as_a_handle(connection):
    deep = []
    for _ in range(MAX_EXPORT_DEPTH + 10):
        deep = [deep]
    wire, _ = export(connection, deep)
    for _ in range(MAX_EXPORT_DEPTH + 1):
        wire = wire[0]
    assert isinstance(wire, Ext) and wire.code == C.EXT_HANDLE
    loop = []
    loop.append(loop)
    inner = export(connection, loop)[0][0]
    assert inner.code == C.EXT_HANDLE and connection.lookup(inner.value[0]) is loop


def test_an_array_travels_as_a_frame_from_its_own_memory(connection):
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    wire, frames = export(connection, a)
    assert (wire.code, wire.value) == (C.EXT_NDARRAY, ["float32", [2, 3], 0])
    assert bytes(frames[0]) == a.tobytes()
    assert export(connection, np.array(["a", "b"]))[0] == ["a", "b"]  # strings have no typed array
    # numpy 2's variable-width strings (StringDType, kind "T") too
    assert export(connection, np.array([["ab", "c"]], dtype=np.dtypes.StringDType()))[0] == [["ab", "c"]]
    assert export(connection, np.float64(2.5))[0] == 2.5


def test_the_resolver_makes_python_values(connection):
    connection.handles.put(5, "five")
    resolve = Resolver(connection, [])
    assert resolve(Ref(5)) == "five"
    assert resolve(TupleOf([1, Ref(5)])) == (1, "five")
    assert resolve(DictOf([[TupleOf([1, 2]), "pair"]])) == {(1, 2): "pair"}
    assert resolve(SetOf([1, 1, 2])) == {1, 2}
    assert resolve(SliceOf(1, None, Ref(5))) == slice(1, None, "five")
    assert resolve({"k": [Ref(5)]}) == {"k": ["five"]}


def test_a_handle_whose_operation_failed_raises_the_original_failure(connection):
    connection.handles.put(6, Failure(3, {"type": "ValueError", "message": "bad"}))
    with pytest.raises(DependencyFailed, match="ValueError: bad") as raised:
        Resolver(connection, [])(Ref(6))
    assert raised.value.failure.origin == 3


def test_an_array_frame_becomes_a_writable_view_checked_against_its_header(connection):
    data = np.arange(4, dtype=np.int32)
    frame = bytearray(data.tobytes())
    array = Resolver(connection, [memoryview(frame)])(ArrayFrame("int32", [2, 2], 0))
    assert array.tolist() == [[0, 1], [2, 3]] and array.flags.writeable
    array[0, 0] = 9
    assert np.frombuffer(frame, dtype=np.int32)[0] == 9  # a view, not a copy
    with pytest.raises(ValueError, match="needs 12 bytes, its frame has 16"):
        Resolver(connection, [frame])(ArrayFrame("int32", [3], 0))
    with pytest.raises(ValueError, match="array frame 1 is not in this message"):
        Resolver(connection, [frame])(ArrayFrame("int32", [4], 1))
    with pytest.raises(ValueError, match="unsupported dtype 'complex64'"):
        Resolver(connection, [frame])(ArrayFrame("complex64", [2], 0))


def test_encoded_exports_are_msgpack(connection):
    from tsreticulate.codec import encode

    wire, _ = export(connection, {1: {2}})
    decoded = msgpack.unpackb(encode(wire), raw=False, strict_map_key=False)
    assert decoded[0].code == C.EXT_DICT and decoded[1][0][1][0].code == C.EXT_SET
