"""One client's state: its handles, its failures nobody has seen yet, its JS functions."""
from collections import OrderedDict

from .conversion import DependencyFailed
from .errors import Failure
from .handles import HandleTable

MAX_REMEMBERED_EXCEPTIONS = 8


class Connection:
    def __init__(self, server, identity):
        self.server = server
        self.identity = identity
        self.handles = HandleTable()
        # origin op id -> failure info, oldest first: a failure nobody awaited surfaces at the next await.
        self.unobserved = OrderedDict()
        # cb_id -> how many JSFunction objects stand for it; ids that reach 0 are reported to the client,
        # which then drops the JS function (ids are never reused, so a late report cannot hit a new one).
        self.js_function_counts = {}
        self.released_callbacks = []
        # Answers of operations not sent yet (server.py: Outbox): a batch's answers leave together.
        self.outbox = []
        # origin op id -> the exception object of a recent failure, for withPy's __exit__ and for a JS callback
        # that rethrows a PythonError (Python then sees the exception itself). Few: a traceback keeps its
        # frames, and their locals, alive.
        self.exceptions = OrderedDict()

    def remember_exception(self, origin, exc):
        if origin is None:
            return
        self.exceptions[origin] = exc
        while len(self.exceptions) > MAX_REMEMBERED_EXCEPTIONS:
            self.exceptions.popitem(last=False)

    def lookup(self, ref):
        value = self.handles.get(ref)
        if type(value) is Failure:
            raise DependencyFailed(value)
        return value

    def new_server_ref(self, obj):
        return self.handles.new_server_ref(obj)

    def js_function(self, cb_id, mode, params=None):
        from .callbacks import JSFunction

        self.js_function_counts[cb_id] = self.js_function_counts.get(cb_id, 0) + 1
        return JSFunction(self, cb_id, mode, params)

    def js_function_dropped(self, cb_id):
        # Called from JSFunction.__del__, wherever the collector runs: only plain dict/list operations here.
        n = self.js_function_counts.get(cb_id, 0) - 1
        if n > 0:
            self.js_function_counts[cb_id] = n
        else:
            self.js_function_counts.pop(cb_id, None)
            self.released_callbacks.append(cb_id)
