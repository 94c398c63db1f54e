"""The control channel: heartbeats and interrupts, answered by a thread while the main thread runs user code.

The main thread owns the request socket and may be busy for an hour inside model.fit, so liveness and
interrupts travel on a second socket served by a daemon thread. A ping is answered as long as the process
runs and the thread can take the GIL: a stopped (SIGSTOP) or wedged process goes silent, and the client
gives up on it after its own heartbeat timeout.

An interrupt names the client's routing id and the batches to interrupt. The thread records them as
cancelled (a batch not started yet then fails at once, as if interrupted) and, if the main thread is running
one of them, sends SIGINT to the main thread. KeyboardInterrupt is raised only while an operation's handler
runs ("armed"); during the server's own sends and receives it is deferred to the end of the send, so a
multipart message is never cut in half and no received batch is dropped. Those rules are InterruptGuard, the
hooks the server calls around its own steps (server.Hooks)."""
import collections
import signal
import threading
import time

import msgpack
import zmq

from . import codes as C
from .callbacks import ThreadCalls
from .codec import encode
from .errors import Terminated
from .messages import pong
from .server import Hooks

MAX_CANCELLED = 10_000
CONTROL_PING = "ping"
CONTROL_INTERRUPT = "interrupt"
CONTROL_BYE = "bye"
CONTROL_ALIVE = "alive"  # an idle remote client's presence (a busy one's pings carry its routing id too)
MAX_DEPARTED = 10_000


class InterruptState:
    """What the SIGINT handler needs to know about the main thread. Written by the main thread (armed,
    running) and by the control thread (cancelled, requested); the GIL makes each step atomic."""

    def __init__(self):
        self.armed = False  # the main thread runs an operation's handler: KeyboardInterrupt may be raised
        self.pending = False  # an interrupt arrived while disarmed inside a handler (in a send)
        self.requested = False  # the SIGINT came from the control thread, not from a terminal
        self.running = []  # (identity, batch_id) of the batches being run, innermost last
        self.cancelled = collections.OrderedDict()  # (identity, batch_id) -> True
        self.departed = collections.deque(maxlen=MAX_DEPARTED)  # routing ids of clients that said goodbye
        self.js_waits = 0  # how many JS callback calls the main thread is waiting for
        self.current_op = None  # the op id of the operation whose handler runs (warning_sites.py)
        self.in_poll = False  # the main thread waits for a message (guarded_receive): thread calls run there
        self.exit_on_idle_sigint = False  # `serve`: a Ctrl-C while no operation runs stops the server
        # `serve`: routing id -> when the client was last heard from (monotonic seconds), for --client-timeout.
        # Written by both threads; each step is one dict operation under the GIL.
        self.last_seen = {}


def install(server, endpoint, socket_options=None):
    """Binds the control socket, starts its thread, and gives the server its interrupt guard (its hooks)."""
    state = InterruptState()
    server.interrupts = state
    server.thread_calls = ThreadCalls(server)
    server.hooks = InterruptGuard(server, state)
    signal.signal(signal.SIGINT, _make_sigint_handler(state))
    _install_thread_call_signal(server, state)
    _install_sigterm()
    sock = server.context.socket(zmq.ROUTER)
    sock.setsockopt(zmq.LINGER, 0)
    # As the request socket (server.py): a pong is never dropped for a full queue, and one to a client that is
    # gone raises instead of vanishing (the loop below goes on to the next message).
    sock.setsockopt(zmq.SNDHWM, 0)
    sock.setsockopt(zmq.ROUTER_MANDATORY, 1)
    for option, value in (socket_options or {}).items():
        sock.setsockopt(option, value)
    sock.bind(endpoint)
    server.control_endpoint = sock.getsockopt_string(zmq.LAST_ENDPOINT)
    thread = threading.Thread(target=_serve_control, args=(server, state, sock), name="tsreticulate-control",
                              daemon=True)
    thread.start()
    return server.control_endpoint


def _make_sigint_handler(state):
    def on_sigint(signum, frame):
        requested = state.requested
        state.requested = False
        if state.armed:
            raise KeyboardInterrupt
        if state.running:
            state.pending = True  # inside a send or receive of a running batch: raised once it is done
            return
        if state.exit_on_idle_sigint and not requested:
            raise SystemExit(130)
        # Nothing runs: there is nothing to interrupt.

    return on_sigint


# A JS call from another thread interrupts user code on the bridge's thread with this signal (callbacks.py).
THREAD_CALL_SIGNAL = signal.SIGUSR2


def _install_thread_call_signal(server, state):
    thread_calls = server.thread_calls
    main = server.main_thread

    def on_thread_call(signum, frame):
        # Only inside user code: in the server's own code the calls run at its next receive or handler.
        if state.armed and not state.in_poll and thread_calls.queue:
            thread_calls.run_pending()

    def wake_main():
        if state.armed:
            try:
                signal.pthread_kill(main, THREAD_CALL_SIGNAL)
            except Exception:
                pass

    signal.signal(THREAD_CALL_SIGNAL, on_thread_call)
    thread_calls.wake_main = wake_main


def _install_sigterm():
    """The client stops the process with SIGTERM: exit as Python does at the end of a script, so that atexit
    handlers and weakref.finalize callbacks run (Python's default for SIGTERM is to die on the spot)."""

    def on_sigterm(signum, frame):
        raise Terminated(0)

    signal.signal(signal.SIGTERM, on_sigterm)


def _rearm(state, previous):
    state.armed = previous
    if previous and state.pending:
        state.pending = False
        raise KeyboardInterrupt


class InterruptGuard(Hooks):
    """The server's hooks (server.py): around the batches, the operation handlers, the JS calls, the receives and
    the sends, they say when a KeyboardInterrupt may be raised; before a receive they run the JS calls other
    threads queued and forget the clients that left."""

    def __init__(self, server, state):
        self.server = server
        self.state = state
        self.thread_calls = server.thread_calls
        self.socket = server.socket
        # A message on the request socket or a JS call from another thread (callbacks.py) ends the wait.
        self.poller = zmq.Poller()
        self.poller.register(server.socket, zmq.POLLIN)
        self.poller.register(self.thread_calls.read_fd, zmq.POLLIN)
        receive_timeout = server.socket.getsockopt(zmq.RCVTIMEO)
        self.poll_timeout = None if receive_timeout < 0 else receive_timeout

    def run_batch(self, run, batch):
        state = self.state
        key = (batch.connection.identity, batch.batch_id)
        previous = state.armed
        state.armed = False
        state.running.append(key)
        try:
            run(batch)
        finally:
            state.running.pop()
            if not state.running:
                state.pending = False
            if state.cancelled.pop(key, None):
                # The client was told AbortError for these operations: their failures are not news to it.
                for op in batch.ops if isinstance(batch.ops, list) else ():
                    try:
                        batch.connection.unobserved.pop(op[1], None)
                    except Exception:
                        pass
            state.armed = previous
            self._run_missed_thread_calls()

    def _run_missed_thread_calls(self):
        """Back into user code (the return of a JS call, or of a batch nested in one): a thread may have queued
        a JS call while this thread was disarmed, in server code, where its signal is ignored. The user code
        resumed here may be waiting for that thread (`future.result()`), and nothing else would look at the
        queue before the user code ends: run the calls now. Every way into user code looks at the queue once
        armed: a handler's start, a JS call's return, a nested batch's end."""
        if self.state.armed and not self.state.in_poll and self.thread_calls.queue:
            self.thread_calls.run_pending()

    def run_handler(self, kind, handler, connection, resolver, op, batch, last):
        state = self.state
        previous = state.armed
        # Reading a result (and the bookkeeping kinds) is never cancelled: where Python code caught the interrupt
        # and returned, the value is what the call gives; where it did not, the read raises the interrupt.
        if kind not in _NEVER_CANCELLED and state.cancelled.get((connection.identity, batch.batch_id)):
            raise KeyboardInterrupt("interrupted before it started")
        state.armed = True
        previous_op = state.current_op
        state.current_op = op[1]
        try:
            # Queued by a thread that saw no user code running (callbacks.py): run before this one.
            self._run_missed_thread_calls()
            handler(connection, resolver, op, batch, last)
        finally:
            state.current_op = previous_op
            state.armed = previous

    def call_js(self, call, connection, cb_id, mode, args, kwargs):
        state = self.state
        previous = state.armed
        state.armed = False
        state.js_waits += 1
        try:
            return call(connection, cb_id, mode, args, kwargs)
        finally:
            state.js_waits -= 1
            _rearm(state, previous)
            self._run_missed_thread_calls()

    def receive(self, receive):
        state = self.state
        thread_calls = self.thread_calls
        if state.departed and not state.running:
            _forget_departed(self.server, state)
        previous = state.armed
        if state.js_waits and state.pending:
            state.pending = False
            raise KeyboardInterrupt
        if thread_calls.queue:
            thread_calls.run_pending()
            return None
        if not self.socket.getsockopt(zmq.EVENTS) & zmq.POLLIN:
            # Waits for a message or a JS call from another thread (callbacks.py). Waiting for a JS callback's
            # return, inside an operation, an interrupt may end the wait, as no frame has been taken off yet.
            state.armed = bool(state.js_waits)
            state.in_poll = True
            try:
                ready = dict(self.poller.poll(self.poll_timeout))
            finally:
                state.in_poll = False
                state.armed = previous
            if thread_calls.queue:
                thread_calls.run_pending()
                return None
            if self.socket not in ready:
                return None  # woken for nothing, or serve.py's receive timeout
        state.armed = False
        try:
            batch = receive()
            if batch is not None and self.server.client_timeout is not None:
                state.last_seen[batch.connection.identity] = time.monotonic()
            return batch
        finally:
            _rearm(state, previous)

    def send_raw(self, send, identity, message, frames):
        state = self.state
        previous = state.armed
        state.armed = False
        try:
            send(identity, message, frames)
        finally:
            _rearm(state, previous)


_NEVER_CANCELLED = {C.OP_VALUE, C.OP_RELEASE, C.OP_CALLBACK_RETURN, C.OP_STATS}


def _serve_control(server, state, sock):
    main = server.main_thread
    while True:
        try:
            if server.client_timeout is not None:
                _find_departed(server, state)
                if not sock.poll(1000):
                    continue
            frames = sock.recv_multipart()
        except zmq.ContextTerminated:
            return
        except Exception:
            continue
        if len(frames) != 2:
            continue
        identity, body = frames
        try:
            # Plain msgpack: no extension hooks run on this thread (codec's depth guard is main-thread state).
            message = msgpack.unpackb(body, raw=False, max_array_len=100_000, max_map_len=0, max_ext_len=0,
                                      max_str_len=256, max_bin_len=256)
            kind = message[0]
        except Exception:
            continue
        try:
            if kind == CONTROL_PING:
                sock.send_multipart([identity, encode(pong(message[1]))])
                _heard_from(server, state, message[2] if len(message) > 2 else None)
            elif kind == CONTROL_ALIVE:
                _heard_from(server, state, message[1])
            elif kind == CONTROL_INTERRUPT:
                _interrupt(state, main, message[1], message[2])
            elif kind == CONTROL_BYE and isinstance(message[1], str):
                # Acted on by the main thread, which owns the connections, before its next receive.
                state.departed.append(message[1].encode())
        except Exception:
            continue


def _heard_from(server, state, routing_id):
    if server.client_timeout is not None and isinstance(routing_id, str):
        state.last_seen[routing_id.encode()] = time.monotonic()


def _find_departed(server, state):
    """Marks as departed the clients silent for longer than --client-timeout: a client that vanished without
    saying goodbye (killed, network gone) would otherwise keep its objects on the server until it restarts. A
    client whose batch is running is not silent."""
    now = time.monotonic()
    running = {identity for identity, _ in list(state.running)}
    for identity, seen in list(state.last_seen.items()):
        if identity in running:
            state.last_seen[identity] = now
        elif now - seen > server.client_timeout:
            state.last_seen.pop(identity, None)
            state.departed.append(identity)


def _forget_departed(server, state):
    """Drops the connections (and so the handles) of clients that said goodbye, unless still in a call."""
    while state.departed:
        identity = state.departed.popleft()
        if any(key[0] == identity for key in server.active_calls):
            continue
        server.connections.pop(identity, None)


def _interrupt(state, main, routing_id, batch_ids):
    if not isinstance(routing_id, (bytes, str)) or not isinstance(batch_ids, list):
        return
    identity = routing_id.encode() if isinstance(routing_id, str) else routing_id
    keys = [(identity, b) for b in batch_ids if isinstance(b, int)]
    for key in keys:
        state.cancelled[key] = True
    while len(state.cancelled) > MAX_CANCELLED:
        state.cancelled.popitem(last=False)
    running = state.running
    if any(key in running for key in keys):
        state.requested = True
        signal.pthread_kill(main, signal.SIGINT)


def control_endpoint_for(endpoint):
    """Where the control socket goes when not told: next to an ipc socket (in the same private folder), or
    on any free port of the same TCP host (the client learns it from the hello reply)."""
    if endpoint.startswith("ipc://"):
        return endpoint + ".control"
    if endpoint.startswith("tcp://"):
        return endpoint.rsplit(":", 1)[0] + ":*"
    raise ValueError(f"no control endpoint can be derived from {endpoint!r}; pass --control-endpoint")
