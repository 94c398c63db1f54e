"""withPy's `__exit__` (helpers.ts): the context manager receives the exception the body raised as Python would
pass it, type, value and traceback, so that `contextlib.suppress(ValueError)` suppresses a ValueError."""
from ..errors import JSError

_server = None


def install(server):
    global _server
    _server = server


def exit_with(ctx, thrown, origin, message):
    """Calls ctx.__exit__ for a body that threw: `thrown`, a Python exception the body threw as a proxy; else the
    exception of the failed operation `origin` (a PythonError), if still remembered; else a JSError(message)."""
    exc = thrown if isinstance(thrown, BaseException) else None
    if exc is None and isinstance(thrown, type) and issubclass(thrown, BaseException):
        exc = thrown()
    if exc is None and origin is not None and _server is not None and _server.current is not None:
        exc = _server.current.exceptions.get(origin)
    if exc is None:
        exc = JSError(message)
    return bool(ctx.__exit__(type(exc), exc, exc.__traceback__))
