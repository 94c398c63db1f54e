"""server.py's loop without a socket in the way: batches run through the server's own steps, and what it would
send is captured by its hooks (conftest.CapturedSends)."""
import math

from tsreticulate import codes as C
from tsreticulate.server import Batch
from conftest import CapturedSends


def run(server, connection, ops, batch_id=1):
    server.run_batch(Batch(connection, batch_id, None, ops, []))
    messages = [message for _, message, _ in server.hooks.sent]
    server.hooks.sent.clear()
    return messages


def test_a_batch_answers_in_one_message_that_also_says_it_is_done(server, connection):
    ops = [[C.OP_IMPORT, 1, 10, "math"], [C.OP_GETATTR, 2, 11, 10, "pi"], [C.OP_VALUE, 3, 11, C.VALUE_CONVERT]]
    assert run(server, connection, ops, batch_id=7) == [[C.MSG_REPLY, 3, math.pi, 7]]


def test_a_batch_with_nothing_to_answer_is_done(server, connection):
    assert run(server, connection, [[C.OP_IMPORT, 1, 10, "math"]], batch_id=8) == [[C.MSG_DONE, 8]]


def test_several_answers_travel_together_and_a_failure_is_reported_where_it_happened(server, connection):
    ops = [[C.OP_EVAL, 1, 10, "1/0", None], [C.OP_VALUE, 2, 10, C.VALUE_CONVERT], [C.OP_STATS, 3]]
    [message] = run(server, connection, ops, batch_id=9)
    kind, entries, done = message
    assert (kind, done) == (C.MSG_REPLIES, 9)
    assert [entry[:2] for entry in entries] == [[1, C.REPLIED_FAILED], [2, C.REPLIED_ERROR], [3, C.REPLIED_VALUE]]
    assert entries[0][2]["type"] == "ZeroDivisionError" and entries[1][2]["origin"] == 1
    assert entries[2][2]["failures"] == 1  # handle 10 holds the failure


def test_a_failure_nobody_awaited_surfaces_at_the_next_await(server, connection):
    run(server, connection, [[C.OP_EVAL, 1, 10, "1/0", None]])
    [message] = run(server, connection, [[C.OP_EVAL, 2, 11, "2", None], [C.OP_VALUE, 3, 11, C.VALUE_CONVERT]])
    assert message[:2] == [C.MSG_ERROR, 3] and message[2]["origin"] == 1


def test_a_malformed_operation_is_a_protocol_error_and_the_batch_still_ends(server, connection):
    messages = run(server, connection, [["not an op"], [C.OP_STATS]], batch_id=4)
    assert [m[:2] for m in messages] == [[C.MSG_PROTOCOL_ERROR, 4], [C.MSG_PROTOCOL_ERROR, 4], [C.MSG_DONE, 4]]
    assert messages[0][2].startswith("malformed operation")


def test_an_unknown_operation_kind_fails_that_operation(server, connection):
    [message] = run(server, connection, [[99, 1]])
    assert message[:2] == [C.MSG_FAILED, 1] and "unknown operation kind 99" in message[2]["message"]


def test_every_handler_runs_through_the_servers_hooks(server, connection):
    class Recording(CapturedSends):
        def __init__(self):
            super().__init__()
            self.seen = []

        def run_batch(self, run, batch):
            self.seen.append(("batch", batch.batch_id))
            run(batch)

        def run_handler(self, kind, handler, connection, resolver, op, batch, last):
            self.seen.append(("op", kind))
            handler(connection, resolver, op, batch, last)

    server.hooks = Recording()
    run(server, connection, [[C.OP_IMPORT, 1, 10, "math"], [C.OP_VALUE, 2, 10, C.VALUE_HANDLE]], batch_id=5)
    assert server.hooks.seen == [("batch", 5), ("op", C.OP_IMPORT), ("op", C.OP_VALUE)]


def test_the_hello_reply_names_the_protocol_and_its_codes(server, connection):
    [message] = run(server, connection, [[C.OP_HELLO, 1]])
    info = message[2]
    assert message[0] == C.MSG_REPLY and info["protocol"] == C.PROTOCOL_VERSION and info["codes"] == C.CODES
    assert all(type(v) is int for v in info["codes"].values())
