"""The wire protocol's shared tables. src/bridge/wire/codes.ts holds the same numbers and shapes;
tests/bridge/codes.test.ts checks that both sides agree. The messages' shapes: messages.py; the whole protocol:
docs/protocol.md."""

PROTOCOL_VERSION = 3

# Operations, client -> server. Each op is an array whose first two items are (kind, op_id).
OP_HELLO = 0
OP_IMPORT = 1
OP_GETATTR = 2
OP_GETITEM = 3
OP_SETATTR = 4
OP_SETITEM = 5
OP_DELATTR = 6
OP_DELITEM = 7
OP_CALL = 8
OP_CALLMETHOD = 9
OP_VALUE = 10
OP_RELEASE = 11
OP_CALLBACK_RETURN = 12
OP_STATS = 13
OP_EXEC = 14
OP_EVAL = 15
OP_ITER_NEXT = 16
OP_RECORD = 17
OP_EXPR = 18  # py.x`...`: a Python expression template (expression.py)

# Messages, server -> client.
MSG_REPLY = 0
MSG_ERROR = 1
MSG_FAILED = 2
MSG_DONE = 3
MSG_OUTPUT = 4
MSG_CALLBACK = 5
# 6 was MSG_HELLO, never sent (the hello is answered as any operation is): not reused.
MSG_PROTOCOL_ERROR = 7
MSG_CALLBACKS_RELEASED = 8  # [ids]: JS functions Python no longer holds
# [entries, done_batch_id or None]: the answers of several operations in one message, each entry
# [op_id, REPLIED_* status, payload]. A lone answer still travels as MSG_REPLY, MSG_ERROR or MSG_FAILED.
MSG_REPLIES = 9

# The status of an entry of MSG_REPLIES.
REPLIED_VALUE = 0   # payload: the value (as MSG_REPLY's)
REPLIED_ERROR = 1   # payload: failure info (as MSG_ERROR's): the awaited operation raised
REPLIED_FAILED = 2  # payload: failure info (as MSG_FAILED's): an operation nobody awaits raised

# Containers (lists, tuples, dicts, sets) nest at most this deep in a message from the client: each level of
# a tuple, dict or set is a nested msgpack decode on the C stack. The client refuses deeper values itself.
MAX_NESTING = 64

# How OP_VALUE converts what it sends back.
VALUE_CONVERT = 0  # await proxy: the JS value where there is one, else a settled handle
VALUE_TO_JS = 1    # toJs(proxy): also tensors and objects with __array__ become NDArrays
VALUE_HANDLE = 2   # a settled handle, whatever the object is
VALUE_SHALLOW = 3  # tuples and lists become arrays of handles (iteration items with convert=False)

# msgpack extension type codes, both directions.
EXT_REF = 1        # int: a handle id known to the server
EXT_TUPLE = 2      # array
EXT_FLOAT = 3      # float64: a JS number that must stay a Python float (float(1), -0)
EXT_BIGINT = 4     # hexadecimal string ("-0x1f"): an integer outside the 64-bit range
EXT_DICT = 5       # JS -> Python: array of [key, value], a dict whose keys are not all strings; Python -> JS:
                   # no payload, a marker before the pairs in the same list (codec.py, DICT_MARK)
EXT_CALLBACK = 6   # [id, mode, params?]: a JS function registered on the client, its parameters (js-params.ts)
EXT_NDARRAY = 7    # [dtype, shape, frame index]: array bytes travel as their own frame
EXT_SET = 8        # JS -> Python: array; Python -> JS: no payload, a marker before the items (SET_MARK)
EXT_HANDLE = 9     # [ref, type name, repr or None]: a Python object with no JS form
EXT_SLICE = 10     # [start, stop, step]
EXT_SHARED_ARRAY = 11  # [dtype, shape, file name]: array bytes in a file of the server's shared folder (shared.py)

# The operations a recorded function's program may hold (recording.py; record.ts), by kind: (position of the
# handle id the operation creates or None, positions of the handle ids it reads, positions of wire values, which
# may name handles). Positions count from the kind, 0, and the op id, 1.
RECORDED_OP_SHAPES = {
    OP_IMPORT: (2, (), ()),
    OP_GETATTR: (2, (3,), ()),
    OP_GETITEM: (2, (3,), (4,)),
    OP_SETATTR: (None, (2,), (4,)),
    OP_SETITEM: (None, (2,), (3, 4)),
    OP_DELATTR: (None, (2,), ()),
    OP_DELITEM: (None, (2,), (3,)),
    OP_CALL: (2, (3,), (4, 5)),
    OP_CALLMETHOD: (2, (3,), (5, 6)),
    OP_EVAL: (2, (), (4,)),
    OP_EXEC: (2, (), ()),
    OP_EXPR: (2, (), (4,)),
}

# Every number above by name: sent in the hello reply, which the codes test compares with codes.ts.
CODES = {k: v for k, v in dict(globals()).items() if k.isupper() and type(v) is int}
