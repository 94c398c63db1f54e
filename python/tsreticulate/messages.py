"""The messages the server sends, server -> client, one builder each: their shapes are defined here and nowhere
else (docs/protocol.md describes them; session.ts reads them). The numbers are codes.py's."""
from .codes import (
    MSG_CALLBACK, MSG_CALLBACKS_RELEASED, MSG_DONE, MSG_ERROR, MSG_FAILED, MSG_OUTPUT, MSG_PROTOCOL_ERROR,
    MSG_REPLIES, MSG_REPLY, REPLIED_ERROR, REPLIED_FAILED, REPLIED_VALUE,
)

# The message that carries one answer alone, by the status it would have as an entry of MSG_REPLIES.
_LONE_ANSWER = {REPLIED_VALUE: MSG_REPLY, REPLIED_ERROR: MSG_ERROR, REPLIED_FAILED: MSG_FAILED}


def answer(status, op_id, payload, done_batch_id=None):
    """One answer alone: [MSG_REPLY | MSG_ERROR | MSG_FAILED, op_id, payload, done_batch_id?]. MSG_REPLY's payload
    is the value, the others' the failure info (errors.describe). With `done_batch_id`, the batch is done too."""
    if done_batch_id is None:
        return [_LONE_ANSWER[status], op_id, payload]
    return [_LONE_ANSWER[status], op_id, payload, done_batch_id]


def reply(op_id, value, done_batch_id=None):
    """The value of an awaited operation (OP_VALUE, OP_HELLO, OP_STATS, OP_ITER_NEXT)."""
    return answer(REPLIED_VALUE, op_id, value, done_batch_id)


def error(op_id, info, done_batch_id=None):
    """The awaited operation raised (or one it depends on did)."""
    return answer(REPLIED_ERROR, op_id, info, done_batch_id)


def failed(op_id, info, done_batch_id=None):
    """An operation nobody awaits raised: the client keeps the failure for the next await."""
    return answer(REPLIED_FAILED, op_id, info, done_batch_id)


def replies(entries, done_batch_id=None):
    """Several answers in one message: each entry [op_id, REPLIED_* status, payload]."""
    return [MSG_REPLIES, entries, done_batch_id]


def done(batch_id):
    """Every operation of the batch has run, none of them with an answer left to send."""
    return [MSG_DONE, batch_id]


def output(stream_id, text):
    """What Python printed: stream 1 stdout, 2 stderr."""
    return [MSG_OUTPUT, stream_id, text]


def callback(call_id, cb_id, args, kwargs):
    """Python calls JS function `cb_id`; the client answers with OP_CALLBACK_RETURN naming `call_id`."""
    return [MSG_CALLBACK, call_id, cb_id, args, kwargs]


def protocol_error(batch_id, reason):
    """A message or operation the server could not understand; the client fails the batch's operations."""
    return [MSG_PROTOCOL_ERROR, batch_id, reason]


def callbacks_released(cb_ids):
    """JS functions Python holds no more: the client may drop them."""
    return [MSG_CALLBACKS_RELEASED, cb_ids]


def pong(ping_id):
    """The control channel's answer to a ping (control.py), on the control socket."""
    return [MSG_REPLY, ping_id]
