"""The id -> object table of one client connection. Clients choose positive ids for the results of their
operations (so they can pipeline: the next operation names a result before it exists); the server chooses
negative ids for objects it hands out (settled handles, iteration items)."""
from .errors import Failure


class UnknownHandle(LookupError):
    pass


class HandleTable:
    __slots__ = ("objects", "next_server_ref")

    def __init__(self):
        self.objects = {}
        self.next_server_ref = -1

    def put(self, ref, obj):
        self.objects[ref] = obj

    def new_server_ref(self, obj):
        ref = self.next_server_ref
        self.next_server_ref -= 1
        self.objects[ref] = obj
        return ref

    def get(self, ref):
        try:
            return self.objects[ref]
        except (KeyError, TypeError):
            raise UnknownHandle(f"handle {ref!r} is unknown to this connection (released, never created, "
                                f"or created by an operation still queued behind the one running)") from None

    def release(self, refs):
        pop = self.objects.pop
        for ref in refs:
            try:
                pop(ref, None)
            except TypeError:  # an unhashable ref from a broken client: nothing to release
                pass

    def __len__(self):
        return len(self.objects)

    def failures(self):
        return sum(1 for v in self.objects.values() if type(v) is Failure)
