"""The Python server's unit tests: the package is imported from the repository's python/ folder, as the server
process runs it. No keras, no torch: these run in seconds (`node scripts/pytest.mjs`, part of `npm test`)."""
import itertools
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "python"))

from tsreticulate.connection import Connection  # noqa: E402
from tsreticulate.server import Hooks, Server  # noqa: E402

_endpoints = itertools.count()


class CapturedSends(Hooks):
    """The server's hooks with its sends kept here instead of going to a socket: the messages as built."""

    def __init__(self):
        self.sent = []

    def send_raw(self, send, identity, message, frames):
        self.sent.append((identity, message, list(frames)))


@pytest.fixture
def server():
    """A server bound to an inproc endpoint (nothing leaves the process) whose sends are captured."""
    s = Server(f"inproc://tsreticulate-pytest-{os.getpid()}-{next(_endpoints)}")
    s.hooks = CapturedSends()
    yield s
    s.socket.close(0)


@pytest.fixture
def connection(server):
    c = server.connections[b"client"] = Connection(server, b"client")
    return c
