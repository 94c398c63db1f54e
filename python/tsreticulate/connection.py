"""One client's state: its handles, its failures nobody has seen yet, its JS functions."""
from collections import OrderedDict

from .conversion import DependencyFailed
from .errors import Failure
from .handles import HandleTable


class Connection:
    def __init__(self, server, identity):
        self.server = server
        self.identity = identity
        self.handles = HandleTable()
        # origin op id -> failure info, oldest first: a failure nobody awaited surfaces at the next await.
        self.unobserved = OrderedDict()

    def lookup(self, ref):
        value = self.handles.get(ref)
        if type(value) is Failure:
            raise DependencyFailed(value)
        return value

    def new_server_ref(self, obj):
        return self.handles.new_server_ref(obj)

    def js_function(self, cb_id, mode):
        from .callbacks import JSFunction

        return JSFunction(self, cb_id, mode)
