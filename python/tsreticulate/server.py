"""The request loop: receives batches of operations, runs them in order, sends replies.

A batch is [batch_id, ctx, ops]. `ctx` is the id of the JS callback call whose code issued the batch (None at
top level). While Python waits for a JS callback to return, it runs only the batches issued by that callback
(and stashes the others), so a pipelined operation issued after a long call never runs in the middle of it.

The loop is all here; what the process adds around its steps (interrupts, other threads' JS calls, departed
clients) comes in through the hooks it calls (Hooks; control.InterruptGuard). startup.py makes and fits out a
server; messages.py builds what it sends; docs/protocol.md describes the protocol."""
import collections
import importlib
import os
import reprlib
import sys
import threading

import zmq

from . import codes as C
from . import messages as M
from .codec import batch_id_of, decode, encode
from .conversion import DependencyFailed, Exporter, Resolver
from .connection import Connection
from .errors import Failure, JSError, ProtocolError, Terminated, describe

MAX_REMEMBERED_CALLS = 100_000
MAX_UNOBSERVED = 1_000
# Answers waiting in a connection's outbox are sent when this many have gathered, even mid-batch.
MAX_OUTBOX = 1_024

# Modules that add operation kinds: each has install(server), which calls server.register(...).
EXTENSIONS = ["tsreticulate.iteration", "tsreticulate.recording", "tsreticulate.expression"]


class Batch:
    __slots__ = ("connection", "batch_id", "ctx", "ops", "frames", "done_sent")

    def __init__(self, connection, batch_id, ctx, ops, frames):
        self.connection = connection
        self.batch_id = batch_id
        self.ctx = ctx
        self.ops = ops
        self.frames = frames
        self.done_sent = False  # an answer with array frames said the batch was done (reply())


class Hooks:
    """Where the server lets the machinery of its process in: each hook is handed the server's own step and runs
    it, with whatever it needs around it. control.py's InterruptGuard (the one in use) says when a
    KeyboardInterrupt may be raised, runs JS calls from other threads and forgets departed clients; this default
    only runs the step (a server without a control channel, as in the Python unit tests)."""

    def run_batch(self, run, batch):
        run(batch)

    def run_handler(self, kind, handler, connection, resolver, op, batch, last):
        handler(connection, resolver, op, batch, last)

    def call_js(self, call, connection, cb_id, mode, args, kwargs):
        return call(connection, cb_id, mode, args, kwargs)

    def receive(self, receive):
        return receive()

    def send_raw(self, send, identity, message, frames):
        send(identity, message, frames)


class Server:
    def __init__(self, endpoint, zmq_context=None, socket_options=None):
        self.context = zmq_context or zmq.Context.instance()
        self.socket = self.context.socket(zmq.ROUTER)
        self.socket.setsockopt(zmq.LINGER, 0)
        # A ROUTER drops what it cannot queue, silently: with libzmq's default of 1,000 messages, a burst of
        # answers the client had not read yet lost some, and their awaits never settled. No limit on what waits
        # for the client, and a message to a client that is gone raises (EHOSTUNREACH) instead of vanishing.
        self.socket.setsockopt(zmq.SNDHWM, 0)
        self.socket.setsockopt(zmq.ROUTER_MANDATORY, 1)
        for option, value in (socket_options or {}).items():
            self.socket.setsockopt(option, value)
        self.socket.bind(endpoint)
        self.endpoint = self.socket.getsockopt_string(zmq.LAST_ENDPOINT)
        self.connections = {}
        self.main_thread = threading.get_ident()
        self.current = None  # the connection whose operation is running (where output goes)
        self.active_calls = set()  # (identity, call_id) of JS callbacks Python is waiting for
        self.call_parent = collections.OrderedDict()  # (identity, call_id) -> ctx the call was made from
        self.stash = collections.defaultdict(collections.deque)
        self.results = {}
        self.call_stack = []  # (identity, call_id) of the JS calls in progress, innermost last
        self.next_call_id = 1
        # Whether a forwarded stream (streams.py) may hold unsent text: it sets this as it buffers. Streams that
        # are not the forwarded ones (user code replaced sys.stdout) are flushed at every send, as before.
        self.output_pending = True
        self.forwarded_streams = (None, None)
        # The folder in /dev/shm where a local client may put large arrays (shared.py); None: frames only.
        self.shared_dir = None
        self.shared_keep = 0
        # serve.py: seconds of silence after which a remote client is forgotten (control.py); None locally.
        self.client_timeout = None
        # Set by control.install: what runs around the steps below, the control socket's address (given to
        # the client in the hello reply), the queue of JS calls made from other threads (callbacks.py).
        self.hooks = Hooks()
        self.control_endpoint = None
        self.thread_calls = None
        self.interrupts = None  # control.InterruptState: whether an interrupt may be raised now, and the op running
        self.handlers = {
            C.OP_HELLO: self.op_hello,
            C.OP_IMPORT: self.op_import,
            C.OP_GETATTR: self.op_getattr,
            C.OP_GETITEM: self.op_getitem,
            C.OP_SETATTR: self.op_setattr,
            C.OP_SETITEM: self.op_setitem,
            C.OP_DELATTR: self.op_delattr,
            C.OP_DELITEM: self.op_delitem,
            C.OP_CALL: self.op_call,
            C.OP_CALLMETHOD: self.op_callmethod,
            C.OP_VALUE: self.op_value,
            C.OP_RELEASE: self.op_release,
            C.OP_CALLBACK_RETURN: self.op_callback_return,
            C.OP_STATS: self.op_stats,
            C.OP_EXEC: self.op_exec,
            C.OP_EVAL: self.op_eval,
        }
        for name in EXTENSIONS:
            importlib.import_module(name).install(self)

    def register(self, kind, handler, replies=False, makes_ref=False):
        """Adds an operation kind. `replies`: the op answers with MSG_REPLY (like OP_VALUE); `makes_ref`:
        op[2] is the handle id its result is stored under (a failure is stored there too)."""
        self.handlers[kind] = handler
        if replies:
            _REPLY_KINDS.add(kind)
        if makes_ref:
            _REF_KINDS.add(kind)

    # ------------------------------------------------------------------ loop

    def serve_forever(self):
        while True:
            try:
                self.pump(None, None)
            except KeyboardInterrupt:
                # An interrupt that arrives between operations has nothing to interrupt.
                continue

    def pump(self, wait_call, connection):
        """Runs batches until the JS call `wait_call` has returned (or forever at top level)."""
        key = None if wait_call is None else (connection.identity, wait_call)
        results = self.results
        while True:
            if key is not None and key in results:
                return results.pop(key)
            queue = self.stash.get(key)
            if queue:
                batch = queue.popleft()
            else:
                batch = self.receive()
                if batch is None:
                    continue
                level = self.level_of(batch)
                if level != key:
                    self.stash[level].append(batch)
                    continue
            self.run_batch(batch)

    def level_of(self, batch):
        identity = batch.connection.identity
        ctx = batch.ctx
        while ctx is not None:
            if (identity, ctx) in self.active_calls:
                return (identity, ctx)
            ctx = self.call_parent.get((identity, ctx))
        return None

    def receive(self):
        return self.hooks.receive(self._receive)

    def _receive(self):
        # The routing id and the body arrive as bytes (for a message of a few dozen bytes a copy is cheaper than
        # a zmq.Frame); array frames behind them stay zero-copy views of libzmq's messages.
        socket = self.socket
        try:
            identity = socket.recv()
        except zmq.Again:
            return None  # serve.py's receive timeout: an idle server looks for departed clients
        if not socket.getsockopt(_RCVMORE):
            return None  # nothing to answer: no identity and body
        body = socket.recv()
        frames = []
        while socket.getsockopt(_RCVMORE):
            frames.append(socket.recv(copy=False))
        batch_id = None
        try:
            message = decode(body)
            if not isinstance(message, list) or len(message) != 3:
                raise ProtocolError("a batch is [batch_id, ctx, ops]")
            batch_id, ctx, ops = message
            if not isinstance(ops, list):
                raise ProtocolError("ops must be an array")
            if not (ctx is None or isinstance(ctx, int)):
                raise ProtocolError("ctx must be an integer or nil")
            if not isinstance(batch_id, int):
                # It is echoed in MSG_DONE: anything else (an extension object) could not be encoded back.
                raise ProtocolError("batch_id must be an integer")
        except Exception as e:
            if not isinstance(batch_id, int):
                batch_id = batch_id_of(body)
            # The batch's operations did not run: the client fails them with this reason (none is lost silently).
            self.send_raw(identity, M.protocol_error(batch_id, f"undecodable message: {type(e).__name__}: {e}"))
            return None
        connection = self.connections.get(identity)
        if connection is None:
            connection = self.connections[identity] = Connection(self, identity)
        return Batch(connection, batch_id, ctx, ops, frames)

    def run_batch(self, batch):
        self.hooks.run_batch(self._run_batch, batch)

    def _run_batch(self, batch):
        previous = self.current
        connection = batch.connection
        self.current = connection
        resolver = Resolver(connection, [f.buffer for f in batch.frames])
        try:
            last = len(batch.ops) - 1
            for i, op in enumerate(batch.ops):
                if connection.outbox and not _is_reply_op(op):
                    # Answers never wait behind an operation that gives none: it may be a long one (a fit).
                    self.flush_replies(connection, None)
                self.run_op(batch, resolver, op, i == last)
        finally:
            self.flush_output()
            self.current = previous
        released = connection.released_callbacks
        if released:
            connection.released_callbacks = []
            self.send(connection, M.callbacks_released(released))
        if not batch.done_sent:
            self.flush_replies(connection, batch.batch_id)

    def run_op(self, batch, resolver, op, last):
        connection = batch.connection
        try:
            kind = op[0]
            op_id = op[1]
        except Exception:
            self.send(connection, M.protocol_error(batch.batch_id, f"malformed operation {_short_repr(op)}"))
            return
        if not isinstance(op_id, int) or not isinstance(kind, int):
            # Both are echoed in replies and used as keys: anything else would break the reply, not the op.
            self.send(connection, M.protocol_error(batch.batch_id, f"malformed operation {_short_repr(op)}"))
            return
        handler = self.handlers.get(kind)
        try:
            if handler is None:
                raise ProtocolError(f"unknown operation kind {kind!r}")
            self.hooks.run_handler(kind, handler, connection, resolver, op, batch, last)
        except DependencyFailed as dep:
            self.fail(connection, op, kind, dep.failure, original=False, batch=batch, last=last)
        except BaseException as e:  # noqa: BLE001 - every Python failure goes back to the client
            if isinstance(e, Terminated):
                raise  # the client's shutdown (SIGTERM): a normal exit, with atexit handlers
            if isinstance(e, (SystemExit, GeneratorExit)) and not isinstance(e, Exception):
                pass  # still reported as a failure; the server does not exit on user code's sys.exit()
            failure = Failure(op_id if isinstance(op_id, int) else None, describe(e, op_id))
            connection.remember_exception(failure.origin, e)
            self.fail(connection, op, kind, failure, original=True, batch=batch, last=last)

    def fail(self, connection, op, kind, failure, original, batch, last):
        ref = _result_ref(kind, op)
        if ref is not None:
            try:
                connection.handles.put(ref, failure)
            except TypeError:
                pass
        if kind in _REPLY_KINDS:
            connection.unobserved.pop(failure.origin, None)
            self.reply_error(connection, op[1], failure.info)
            return
        connection.unobserved[failure.origin] = failure.info
        while len(connection.unobserved) > MAX_UNOBSERVED:
            # A client that never awaits must not grow the server without bound: the oldest are dropped.
            connection.unobserved.popitem(last=False)
        if original:
            self.answer(connection, op[1], C.REPLIED_FAILED, failure.info)

    # ------------------------------------------------------------------ operations

    def op_hello(self, connection, resolver, op, batch, last):
        info = {
            "protocol": C.PROTOCOL_VERSION,
            "python": sys.version.split()[0],
            "executable": sys.executable,
            "pid": os.getpid(),
            "codes": C.CODES,
            "control": self.control_endpoint,  # heartbeats and interrupts (control.py)
            "clientTimeout": self.client_timeout,  # a remote client sends presence well within it
        }
        self.reply(connection, op[1], info, [], batch if last else None)

    def op_import(self, connection, resolver, op, batch, last):
        _, _, ref, name = op
        connection.handles.put(ref, importlib.import_module(name))

    def op_getattr(self, connection, resolver, op, batch, last):
        _, _, ref, obj, name = op
        target = connection.lookup(obj)
        try:
            value = getattr(target, name)
        except AttributeError:
            if isinstance(target, dict) and name in target:
                value = target[name]  # reticulate's `$` on a dict: d.apple is d["apple"] where no attribute is
            else:
                value = _submodule(target, name)  # reticulate's `$`: tv.transforms.v2 without importing it first
        connection.handles.put(ref, value)

    def op_getitem(self, connection, resolver, op, batch, last):
        _, _, ref, obj, key = op
        connection.handles.put(ref, connection.lookup(obj)[resolver(key)])

    def op_setattr(self, connection, resolver, op, batch, last):
        _, _, obj, name, value = op
        target, value = connection.lookup(obj), resolver(value)
        try:
            setattr(target, name, value)
        except AttributeError:
            if not isinstance(target, dict):
                raise
            target[name] = value  # reticulate's `$<-` on a dict: d.apple = 1 is d["apple"] = 1

    def op_setitem(self, connection, resolver, op, batch, last):
        _, _, obj, key, value = op
        connection.lookup(obj)[resolver(key)] = resolver(value)

    def op_delattr(self, connection, resolver, op, batch, last):
        _, _, obj, name = op
        target = connection.lookup(obj)
        try:
            delattr(target, name)
        except AttributeError:
            if not (isinstance(target, dict) and name in target):
                raise
            del target[name]  # as reading: `delete d.apple` on a dict with no attribute apple is del d["apple"]

    def op_delitem(self, connection, resolver, op, batch, last):
        _, _, obj, key = op
        del connection.lookup(obj)[resolver(key)]

    def op_call(self, connection, resolver, op, batch, last):
        _, _, ref, fn, args, kwargs = op
        f = connection.lookup(fn)
        result = f(*resolver(args), **(resolver(kwargs) if kwargs else {}))
        connection.handles.put(ref, result)

    def op_callmethod(self, connection, resolver, op, batch, last):
        _, _, ref, obj, name, args, kwargs = op
        f = getattr(connection.lookup(obj), name)
        result = f(*resolver(args), **(resolver(kwargs) if kwargs else {}))
        connection.handles.put(ref, result)

    def op_value(self, connection, resolver, op, batch, last):
        _, op_id, ref, mode, *into = op
        value = connection.lookup(ref)
        if connection.unobserved:
            # A failure nobody awaited is not lost: it surfaces here, at the next await. One that an await of this
            # same batch asks for is left to that await (Promise.allSettled([ok, failing]) gives each its own).
            awaited = _failures_awaited_in(connection, batch)
            for origin in connection.unobserved:
                if origin not in awaited:
                    info = connection.unobserved.pop(origin)
                    self.reply_error(connection, op_id, info)
                    return
        frames = []
        wire = Exporter(connection, mode, frames, into[0] if into else None).top(value)
        self.reply(connection, op_id, wire, frames, batch if last else None)

    def op_release(self, connection, resolver, op, batch, last):
        connection.handles.release(op[2])

    def op_callback_return(self, connection, resolver, op, batch, last):
        _, _, call_id, ok, value = op
        key = (connection.identity, call_id)
        if key not in self.active_calls:
            return  # nobody waits for it (the call was interrupted, or the client is broken): keep nothing
        if not ok:
            if isinstance(value, dict) and "exception" in value:
                # The JS function threw a Python exception (a proxy of one) or rethrew a PythonError: resolved
                # here, where the handles are, and raised in Python as that exception (call_js).
                try:
                    value["exception"] = resolver(value["exception"])
                except Exception as e:
                    self.results[key] = (None, e)
                    return
            self.results[key] = (False, value)
            return
        try:
            self.results[key] = (True, resolver(value))
        except Exception as e:
            # The JS function returned something Python cannot have, such as the proxy of an operation that
            # failed (DependencyFailed): its call raises that, here as anywhere. Left unanswered, the call would
            # wait for a result forever.
            self.results[key] = (None, e)

    def op_stats(self, connection, resolver, op, batch, last):
        info = {
            "handles": len(connection.handles),
            "failures": connection.handles.failures(),
            "unobserved": len(connection.unobserved),
            # Which: the client reports them at shutdown (Python code may have seen some the client thinks not).
            "unobservedOrigins": [o for o in list(connection.unobserved)[-100:] if -_SAFE_INT < o < _SAFE_INT],
            "connections": len(self.connections),
            "stashed": sum(len(q) for q in self.stash.values()),
        }
        self.reply(connection, op[1], info, [], batch if last else None)

    def op_exec(self, connection, resolver, op, batch, last):
        _, _, ref, code = op
        exec(compile(code, "<tsreticulate exec>", "exec"), _main_namespace())
        connection.handles.put(ref, None)

    def op_eval(self, connection, resolver, op, batch, last):
        _, _, ref, expression, local = op
        namespace = _main_namespace()
        result = eval(compile(expression, "<tsreticulate eval>", "eval"), namespace, resolver(local) or None)
        connection.handles.put(ref, result)

    # ------------------------------------------------------------------ JS callbacks

    def call_js(self, connection, cb_id, mode, args, kwargs):
        """Calls JS function `cb_id` and serves the operations it issues until it returns (a re-entrant pump)."""
        return self.hooks.call_js(self._call_js, connection, cb_id, mode, args, kwargs)

    def _call_js(self, connection, cb_id, mode, args, kwargs):
        call_id = self.next_call_id
        self.next_call_id += 1
        key = (connection.identity, call_id)
        frames = []
        exporter = Exporter(connection, mode, frames)
        wire_args = [exporter.top(a) for a in args]
        wire_kwargs = {k: exporter.top(v) for k, v in kwargs.items()}
        self.call_parent[key] = self.current_ctx(connection)
        while len(self.call_parent) > MAX_REMEMBERED_CALLS:
            self.call_parent.popitem(last=False)
        self.active_calls.add(key)
        self.call_stack.append(key)
        previous = self.current
        try:
            self.send(connection, M.callback(call_id, cb_id, wire_args, wire_kwargs), frames)
            ok, value = self.pump(call_id, connection)
        finally:
            self.active_calls.discard(key)
            self.call_stack.pop()
            self.current = previous
        if ok:
            return value
        if ok is None:
            if isinstance(value, DependencyFailed):
                # Raised into Python code, which may handle it: no longer a failure nobody has seen.
                connection.unobserved.pop(value.failure.origin, None)
            raise value
        if isinstance(value, dict):
            raised = _python_exception(connection, value)
            if raised is not None:
                raise raised
            raise JSError(f"{value.get('name', 'Error')}: {value.get('message', '')}", call_id, value.get("stack"))
        raise JSError(str(value), call_id)

    def current_ctx(self, connection):
        for identity, call_id in reversed(self.call_stack):
            if identity == connection.identity:
                return call_id
        return None

    # ------------------------------------------------------------------ sending

    def reply(self, connection, op_id, value, frames, done_batch):
        """Answers an operation with `value`. An answer without array frames waits in the outbox, to leave with
        the batch's others; one with frames leaves at once, saying the batch is done when it is its last op."""
        if not frames:
            self.answer(connection, op_id, C.REPLIED_VALUE, value)
            return
        if connection.outbox:
            self.flush_replies(connection, None)
        if done_batch is not None:
            done_batch.done_sent = True
            self.send(connection, M.reply(op_id, value, done_batch.batch_id), frames)
        else:
            self.send(connection, M.reply(op_id, value), frames)

    def reply_error(self, connection, op_id, info):
        self.answer(connection, op_id, C.REPLIED_ERROR, info)

    def answer(self, connection, op_id, status, payload):
        outbox = connection.outbox
        outbox.append([op_id, status, payload])
        if len(outbox) >= MAX_OUTBOX:
            self.flush_replies(connection, None)

    def flush_replies(self, connection, done_batch_id):
        """Sends the outbox's answers in one message (a lone one as MSG_REPLY, MSG_ERROR or MSG_FAILED), saying
        that batch `done_batch_id` is done if given; with nothing to answer, that alone (MSG_DONE)."""
        entries = connection.outbox
        if not entries:
            if done_batch_id is not None:
                self.send_raw(connection.identity, M.done(done_batch_id))
            return
        connection.outbox = []
        if len(entries) == 1:
            op_id, status, payload = entries[0]
            message = M.answer(status, op_id, payload, done_batch_id)
        else:
            message = M.replies(entries, done_batch_id)
        self.send_raw(connection.identity, message)

    def flush_output(self):
        # Called before every send: the forwarded streams (streams.py) say whether they hold anything.
        forwarded = self.forwarded_streams
        if not self.output_pending and sys.stdout is forwarded[0] and sys.stderr is forwarded[1]:
            return
        self.output_pending = False
        for stream in (sys.stdout, sys.stderr):
            flush = getattr(stream, "flush", None)
            if flush is not None:
                try:
                    flush()
                except Exception:
                    pass

    def send_output(self, stream_id, text):
        connection = self.current
        if connection is None:
            return False
        if connection.outbox:
            self.flush_replies(connection, None)  # printed after those answers were made: it arrives after them
        self.send_raw(connection.identity, M.output(stream_id, text))
        return True

    def send(self, connection, message, frames=()):
        self.flush_output()
        if connection.outbox:
            self.flush_replies(connection, None)
        self.send_raw(connection.identity, message, frames)

    def send_raw(self, identity, message, frames=()):
        self.hooks.send_raw(self._send_raw, identity, message, frames)

    def _send_raw(self, identity, message, frames):
        try:
            body = encode(message)
        except Exception as e:  # noqa: BLE001 - nothing a Python program puts in an answer may end the server
            body = encode(_unencodable(message, e))
        try:
            self._send_body(identity, body, frames)
        except zmq.ZMQError as e:
            if e.errno != zmq.EHOSTUNREACH:
                raise
            # The client is gone (ROUTER_MANDATORY says so instead of dropping the message): nobody waits for it.

    def _send_body(self, identity, body, frames):
        if frames:
            # Array frames leave from the arrays' own memory (copy=False: no copy in Python), which libzmq's
            # I/O thread reads later; waiting until it has handed them to the kernel keeps the next operation
            # (an in-place change pipelined right behind) from changing bytes still in flight.
            self.socket.send_multipart([identity, body, *frames], copy=False, track=True).wait()
        else:
            # Two plain sends with an int flag: send_multipart's IntFlag arithmetic costs more than the sends.
            self.socket.send(identity, _SNDMORE)
            self.socket.send(body)


_SAFE_INT = 2**53  # op ids a JS client makes are numbers (a hostile client's may be anything)
_RCVMORE = int(zmq.RCVMORE)
_SNDMORE = int(zmq.SNDMORE)
_REPLY_KINDS = {C.OP_VALUE, C.OP_HELLO, C.OP_STATS}


def _unencodable(message, error):
    """What is sent instead of an answer msgpack cannot encode: its operations fail with the reason. Other
    messages (a JS callback's arguments) have no answer to stand in for: the error reaches the Python code."""
    info = describe(error, None)
    info["message"] = f"the answer could not be encoded for JavaScript: {info['message']}"
    kind = message[0]
    if kind in (C.MSG_REPLY, C.MSG_ERROR):
        return M.error(message[1], info, *message[3:4])
    if kind == C.MSG_FAILED:
        return M.failed(message[1], info, *message[3:4])
    if kind == C.MSG_REPLIES:
        entries = []
        for op_id, status, payload in message[1]:
            try:
                encode(payload)
                entries.append([op_id, status, payload])
            except Exception:  # noqa: BLE001
                entries.append([op_id, C.REPLIED_FAILED if status == C.REPLIED_FAILED else C.REPLIED_ERROR, info])
        return M.replies(entries, message[2])
    raise error
_REF_KINDS = {C.OP_IMPORT, C.OP_GETATTR, C.OP_GETITEM, C.OP_CALL, C.OP_CALLMETHOD, C.OP_EXEC, C.OP_EVAL}


def _failures_awaited_in(connection, batch):
    """The origins of the failures that the VALUE operations of `batch` read (their handles hold a Failure)."""
    origins = set()
    objects = connection.handles.objects
    for op in batch.ops:
        try:
            if op[0] == C.OP_VALUE:
                held = objects.get(op[2])
                if type(held) is Failure:
                    origins.add(held.origin)
        except Exception:  # a malformed operation (a hostile client): it is answered as such where it runs
            continue
    return origins


def _is_reply_op(op):
    try:
        return op[0] in _REPLY_KINDS
    except Exception:
        return False


def _result_ref(kind, op):
    if kind in _REF_KINDS:
        try:
            return op[2]
        except Exception:
            return None
    return None


def _short_repr(value):
    # reprlib bounds depth and length: a hostile, deeply nested operation must not raise RecursionError here.
    try:
        return reprlib.repr(value)[:200]
    except Exception:
        return f"<{type(value).__name__}>"


def _submodule(module, name):
    """Imports `module.name` when `module` is a package that has not imported that submodule itself; re-raises
    the AttributeError otherwise."""
    package = getattr(module, "__name__", None) if hasattr(module, "__path__") else None
    if not isinstance(package, str):
        raise
    try:
        return importlib.import_module(f"{package}.{name}")
    except ModuleNotFoundError as e:
        if e.name != f"{package}.{name}":
            raise  # the submodule exists but an import inside it failed: that is the error to see
        raise AttributeError(f"module {package!r} has no attribute {name!r}") from None


def _python_exception(connection, error):
    """The Python exception a JS function's throw stands for, or None for a plain JS error: a thrown proxy of an
    exception (or of an exception class), or a PythonError rethrown whose exception is still remembered."""
    exc = error.get("exception")
    if isinstance(exc, BaseException) or (isinstance(exc, type) and issubclass(exc, BaseException)):
        return exc
    origin = error.get("origin")
    if isinstance(origin, int):
        return connection.exceptions.get(origin)
    return None


def _main_namespace():
    return sys.modules["__main__"].__dict__
