"""JavaScript functions, as Python callables."""
import collections
import os
import threading


class JSFunction:
    """Calling it sends the arguments to the client, which runs the JS function and sends back its result.
    While waiting, the server keeps serving the operations that the JS function itself issues (re-entrant
    calls), so the JS side may call into Python as much as it likes. Called from another Python thread, the call
    is handed to the bridge's thread (ThreadCalls) and the calling thread waits for its result."""

    __slots__ = ("connection", "cb_id", "mode", "params", "__weakref__")

    def __init__(self, connection, cb_id, mode, params=None):
        self.connection = connection
        self.cb_id = cb_id
        self.mode = mode
        self.params = params  # [name, kind, has default, literal default] per JS parameter (js-params.ts)

    @property
    def __signature__(self):
        """The JS function's parameters, as inspect.signature and Keras' argument checks see them. A keyword
        argument named like a parameter reaches that parameter (session.ts); others form a trailing object."""
        return signature_of(self.params)

    def __call__(self, *args, **kwargs):
        if _in_forked_child[0]:
            # The request socket belongs to the parent (ZeroMQ sockets do not survive a fork): waiting for an answer
            # here would wait for ever, as a DataLoader worker running a JS collate_fn once did.
            raise RuntimeError(f"a JavaScript function cannot be called from a forked process (pid {os.getpid()}): "
                               "it runs in the process that runs the bridge; with a DataLoader, use num_workers=0 "
                               "or a Python function")
        server = self.connection.server
        if threading.get_ident() != server.main_thread:
            thread_calls = getattr(server, "thread_calls", None)
            if thread_calls is None:
                raise RuntimeError("a JavaScript function can only be called from the Python thread that runs the "
                                   "bridge (it was called from another thread)")
            return thread_calls.call(self, args, kwargs)
        return server.call_js(self.connection, self.cb_id, self.mode, args, kwargs)

    def __del__(self):
        try:
            self.connection.js_function_dropped(self.cb_id)
        except Exception:  # interpreter shutdown
            pass

    def __repr__(self):
        return f"<JavaScript function {self.cb_id}>"


_in_forked_child = [False]


def _mark_forked_child():
    _in_forked_child[0] = True


os.register_at_fork(after_in_child=_mark_forked_child)

# How often a thread waiting for its JS call to start wakes the bridge's thread again.
WAKE_AGAIN_S = 0.05


class ThreadCalls:
    """JS calls made from threads other than the bridge's (a ThreadPoolExecutor, Keras' PyDataset workers).
    Only the bridge's thread may use the request socket, so a calling thread queues its call, wakes the bridge's
    thread and waits; the bridge's thread runs the call as any JS callback. It finds the call where it is:
    waiting for a message (the wake-up pipe is polled with the socket, control.py), or running user code, which
    `wake_main` interrupts with a signal whose handler runs the calls (user code that waits for the calling
    thread, `future.result()`, would otherwise wait forever)."""

    def __init__(self, server):
        self.server = server
        self.queue = collections.deque()
        self.read_fd, self.write_fd = os.pipe()
        os.set_blocking(self.read_fd, False)
        os.set_blocking(self.write_fd, False)
        self.wake_main = None  # set by control.py: signals the bridge's thread if it runs user code

    def call(self, fn, args, kwargs):
        done = threading.Event()
        slot = [fn, args, kwargs, done, None, None]
        self.queue.append(slot)
        self.wake()
        # A wake-up can be lost, and no ordering of flags prevents it: CPython runs a Python signal handler at its
        # next bytecode boundary, so a signal that arrives after the bridge's thread last looked and before it
        # blocks in a lock (`future.result()` waiting for this very thread) is noted and left pending until the
        # lock is released, which is never. Found with the re-wake below turned off: eight threads mapping a JS
        # function hung in about half the runs, the bridge's thread armed in `waiter.acquire()` with every
        # signal sent and none handled. A second signal, sent while it blocks, interrupts the wait (EINTR) and
        # runs the handler: so a waiting thread asks again every WAKE_AGAIN_S until its call runs.
        while not done.wait(WAKE_AGAIN_S):
            self.wake()
        if slot[5] is not None:
            raise slot[5]
        return slot[4]

    def wake(self):
        try:
            os.write(self.write_fd, b"\0")
        except BlockingIOError:
            pass  # the pipe is full of wake-ups already
        if self.wake_main is not None:
            self.wake_main()

    def run_pending(self):
        """Runs the queued calls; on the bridge's thread only."""
        try:
            while os.read(self.read_fd, 4096):
                pass
        except BlockingIOError:
            pass
        while self.queue:
            fn, args, kwargs, done, *_ = slot = self.queue.popleft()
            try:
                slot[4] = self.server.call_js(fn.connection, fn.cb_id, fn.mode, args, kwargs)
            except Exception as e:
                slot[5] = e
            except BaseException as e:
                # An interrupt (or exit) belongs to the bridge's thread; the caller is told its call did not run.
                slot[5] = RuntimeError(f"the JavaScript call was interrupted ({type(e).__name__})")
                done.set()
                raise
            done.set()


_POSITIONAL, _REST, _OPTIONS = 0, 1, 2


def signature_of(params):
    import inspect

    P = inspect.Parameter
    if params is None:
        return inspect.Signature([P("args", P.VAR_POSITIONAL), P("kwargs", P.VAR_KEYWORD)])
    try:
        out = []
        defaulted = False
        for name, kind, has_default, default in params:
            if kind == _REST:
                out.append(P(name, P.VAR_POSITIONAL))
            elif kind == _OPTIONS:
                out.append(P(name, P.VAR_KEYWORD))
            elif out and out[-1].kind == P.VAR_POSITIONAL:
                out.append(P(name, P.KEYWORD_ONLY, default=default if has_default else P.empty))
            else:
                # JS allows a parameter without a default after one with; Python does not: it defaults to None.
                defaulted = defaulted or has_default
                value = default if has_default else (None if defaulted else P.empty)
                out.append(P(name, P.POSITIONAL_OR_KEYWORD, default=value))
        return inspect.Signature(out)
    except (ValueError, TypeError):  # a JS name Python cannot have as a parameter (a keyword such as `from`)
        return inspect.Signature([P("args", P.VAR_POSITIONAL), P("kwargs", P.VAR_KEYWORD)])
