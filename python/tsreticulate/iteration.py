"""OP_ITER_NEXT: the client pulls items of a Python iterator in batches.

[OP_ITER_NEXT, op_id, iter_ref, source_ref, count, mode]
- source_ref (or None): first call; `iter(source)` is stored under the client's iter_ref.
- count > 0: pulls up to `count` items and replies [items, status, error]; status is MORE, DONE (the iterator
  is exhausted) or RAISED (it raised: `error` describes the exception, after the items pulled before it).
- count == 0: closes the iterator (a generator's `finally` runs, as JS's `break` ends a JS generator) and
  forgets it; replies None.

A pull stops early once it has held the server for PULL_BUDGET_S or gathered ARRAY_BUDGET_BYTES of array
data: big or slow items come back a few at a time, small fast ones by the hundred, and the operations the
client's loop body issues never wait long behind a prefetch."""
import time

import msgpack

from . import codes as C
from .conversion import Exporter, cheap_repr
from .errors import ProtocolError, describe

MORE, DONE, RAISED = 0, 1, 2
_MODES = (C.VALUE_CONVERT, C.VALUE_TO_JS, C.VALUE_HANDLE, C.VALUE_SHALLOW)
PULL_BUDGET_S = 0.005
ARRAY_BUDGET_BYTES = 8 << 20


class ItemExporter(Exporter):
    """Items are handed over with a cheap repr (conversion.cheap_repr): a tensor's full repr costs more than the
    whole pull of it, so a large one is summed up by shape, dtype and device (`await repr(x)` gives the full one). A pull may carry thousands of handles, so each is
    packed here, once, as the msgpack extension itself (no encoder callback per handle later)."""

    def handle(self, value, with_repr=True):
        ref = self.connection.new_server_ref(value)
        t = type(value)
        name = _TYPE_NAMES.get(t)
        if name is None:
            name = _TYPE_NAMES[t] = f"{t.__module__}.{t.__qualname__}"
        return msgpack.ExtType(C.EXT_HANDLE, _pack([ref, name, cheap_repr(value)]))


_TYPE_NAMES = {}
_pack = msgpack.Packer(use_bin_type=True).pack


def op_iter_next(server, connection, resolver, op, batch, last):
    _, op_id, iter_ref, source, count, mode = op
    if type(count) is not int or count < 0 or mode not in _MODES:
        raise ProtocolError(f"OP_ITER_NEXT takes a count >= 0 and a VALUE_* mode, got {count!r} and {mode!r}")
    done_batch = batch if last else None
    if source is not None:
        connection.handles.put(iter_ref, iter(connection.lookup(source)))
    if count == 0:
        iterator = connection.handles.get(iter_ref)
        connection.handles.release([iter_ref])
        close = getattr(iterator, "close", None)
        if close is not None:
            close()
        server.reply(connection, op_id, None, [], done_batch)
        return
    if connection.unobserved:
        # A failure of the loop body nobody awaited surfaces here, as at any await: a loop must not run on.
        _, info = connection.unobserved.popitem(last=False)
        server.reply_error(connection, op_id, info)
        return
    iterator = connection.lookup(iter_ref)
    frames = []
    exporter = ItemExporter(connection, mode, frames)
    items = []
    status, error = MORE, None
    deadline = time.perf_counter() + PULL_BUDGET_S
    array_bytes = 0
    for _ in range(count):
        try:
            item = next(iterator)
        except StopIteration:
            status = DONE
            break
        except Exception as e:  # noqa: BLE001 - the client sees it after the items pulled before it
            status, error = RAISED, describe(e, op_id)
            break
        seen = len(frames)
        items.append(exporter.top(item))
        array_bytes += sum(len(f) for f in frames[seen:])
        if array_bytes > ARRAY_BUDGET_BYTES or time.perf_counter() > deadline:
            break
    server.reply(connection, op_id, [items, status, error], frames, done_batch)


def install(server):
    server.register(C.OP_ITER_NEXT, lambda *a: op_iter_next(server, *a), replies=True)
