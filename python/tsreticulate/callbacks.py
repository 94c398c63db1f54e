"""JavaScript functions, as Python callables."""
import threading


class JSFunction:
    """Calling it sends the arguments to the client, which runs the JS function and sends back its result.
    While waiting, the server keeps serving the operations that the JS function itself issues (re-entrant
    calls), so the JS side may call into Python as much as it likes."""

    __slots__ = ("connection", "cb_id", "mode", "__weakref__")

    def __init__(self, connection, cb_id, mode):
        self.connection = connection
        self.cb_id = cb_id
        self.mode = mode

    def __call__(self, *args, **kwargs):
        server = self.connection.server
        if threading.get_ident() != server.main_thread:
            raise RuntimeError("a JavaScript function can only be called from the Python thread that runs the "
                               "bridge (it was called from another thread)")
        return server.call_js(self.connection, self.cb_id, self.mode, args, kwargs)

    def __del__(self):
        try:
            self.connection.js_function_dropped(self.cb_id)
        except Exception:  # interpreter shutdown
            pass

    def __repr__(self):
        return f"<JavaScript function {self.cb_id}>"
