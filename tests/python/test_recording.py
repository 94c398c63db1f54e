"""recording.py: a JS function recorded as a program of operations, replayed by Python as a plain callable."""
import pytest

from tsreticulate import codes as C
from tsreticulate.codec import Ref
from tsreticulate.conversion import Resolver
from tsreticulate.errors import Failure, ProtocolError
from tsreticulate.recording import RecordedFunction


def record(server, connection, params, program, result, ref=20):
    op = [C.OP_RECORD, 1, ref, params, program, result, "f"]
    server.handlers[C.OP_RECORD](connection, Resolver(connection, []), op, None, False)
    return connection.lookup(ref)


def test_a_program_replays_on_each_calls_arguments(server, connection):
    connection.handles.put(5, "-")
    program = [
        [C.OP_GETATTR, 0, 101, 5, "join"],
        [C.OP_CALL, 0, 102, 101, [[Ref(100), Ref(100)]], None],
    ]
    joined = record(server, connection, [100], program, Ref(102))
    assert isinstance(joined, RecordedFunction) and len(joined) == 2
    # A handle from outside the function is pinned when it is recorded: releasing it later breaks nothing.
    connection.handles.release([5])
    assert joined("x") == "x-x"
    assert joined("y") == "y-y"
    assert "recorded JS function f (2 operations)" in repr(joined)


def test_a_call_with_the_wrong_number_of_arguments_is_a_type_error(server, connection):
    identity = record(server, connection, [100], [], Ref(100))
    assert identity(3) == 3
    with pytest.raises(TypeError, match="takes 1 positional argument"):
        identity(1, 2)


@pytest.mark.parametrize("kind", sorted(set(range(C.OP_EXPR + 1)) - set(C.RECORDED_OP_SHAPES)))
def test_only_the_operations_with_a_recorded_shape_may_be_recorded(server, connection, kind):
    with pytest.raises(ProtocolError, match="cannot be part of a recorded function"):
        record(server, connection, [100], [[kind, 0, 101, 100]], None)


def test_a_recorded_function_may_not_use_a_failed_value(server, connection):
    connection.handles.put(5, Failure(3, {"type": "ValueError", "message": "bad"}))
    with pytest.raises(RuntimeError, match="whose own operation failed: ValueError: bad"):
        record(server, connection, [100], [[C.OP_GETATTR, 0, 101, 5, "x"]], Ref(101))


def test_the_shapes_name_where_each_handler_stores_and_reads(server, connection):
    # The positions of RECORDED_OP_SHAPES are the ones the handlers use: an op built from a shape runs.
    connection.handles.put(5, {"k": 1})
    program = [
        [C.OP_GETITEM, 0, 101, 5, "k"],
        [C.OP_SETITEM, 0, 5, "k2", Ref(100)],
        [C.OP_CALLMETHOD, 0, 102, 5, "get", ["k2"], None],
    ]
    for step in program:
        creates, reads, _ = C.RECORDED_OP_SHAPES[step[0]]
        assert creates is None or step[creates] in (101, 102)
        assert all(step[i] == 5 for i in reads)
    f = record(server, connection, [100], program, [Ref(101), Ref(102)])
    assert f(7) == [1, 7]
