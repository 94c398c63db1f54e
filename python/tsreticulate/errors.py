"""Exceptions as the client sees them: type as Python prints it, MRO, message, traceback, cause chain."""
import os

_OWN_DIR = os.path.dirname(os.path.abspath(__file__))


def is_own_file(filename):
    """Whether `filename` is the package's, its subpackages' (helpers/) included: frames the user did not write."""
    try:
        folder = os.path.dirname(os.path.abspath(filename))
    except Exception:
        return False
    return folder == _OWN_DIR or folder.startswith(_OWN_DIR + os.sep)


class JSError(Exception):
    """Raised inside Python when a JavaScript function called from Python throws."""

    def __init__(self, message, call_id=None, js_stack=None):
        super().__init__(message)
        self.call_id = call_id
        self.js_stack = js_stack


class Terminated(SystemExit):
    """Raised in the main thread by SIGTERM (the client's shutdown): ends the server as a normal exit, so that
    atexit handlers and weakref finalizers run; no operation handler may catch it as a failure."""


class ProtocolError(Exception):
    """A message or operation the server could not understand."""


class Failure:
    """What a handle holds when the operation that should have produced it raised."""

    __slots__ = ("origin", "info")

    def __init__(self, origin, info):
        self.origin = origin  # op id of the operation that raised first
        self.info = info


def type_name(t):
    module = t.__module__
    if module in ("builtins", "__main__"):
        return t.__qualname__
    return f"{module}.{t.__qualname__}"


def describe(exc, origin, depth=0):
    """A msgpack-friendly description of an exception and its __cause__ / __context__ chain."""
    import traceback  # on the first failure, not at start-up (4 ms)

    t = type(exc)
    info = {
        "origin": origin,
        "type": type_name(t),
        "mro": [type_name(k) for k in t.__mro__ if k is not object],
        "message": _safe_str(exc),
        "traceback": "".join(traceback.format_exception(t, exc, _user_traceback(exc.__traceback__), chain=False)),
        "cause": None,
        "context": False,
    }
    if isinstance(exc, JSError) and exc.call_id is not None:
        info["jsCall"] = exc.call_id
    linked = exc.__cause__ if exc.__cause__ is not None else (None if exc.__suppress_context__ else exc.__context__)
    if linked is not None and depth < 20:
        info["cause"] = describe(linked, origin, depth + 1)
        info["context"] = exc.__cause__ is None
    return info


def _safe_str(exc):
    try:
        return str(exc)
    except Exception:  # a broken __str__ must not take the server down
        return f"<unprintable {type(exc).__name__}>"


def _user_traceback(tb):
    """Drops the server's own frames from the top of a traceback: the user wants to see their code's."""
    if os.environ.get("TSRETICULATE_DEBUG"):
        return tb
    while tb is not None and is_own_file(tb.tb_frame.f_code.co_filename):
        tb = tb.tb_next
    return tb
