"""The one way a server is made and fitted out, for `python -m tsreticulate` (a local client's own process),
`tsreticulate serve` (remote clients) and a Ray pool's workers. Imported only once the arguments are read:
what it imports is most of the server's start-up (__main__.py's docstring)."""
import sys

import zmq

from .control import control_endpoint_for, install as install_control
from .helpers import context_exit
from .main_module import install as install_main
from .server import Server
from .streams import ForwardedStream
from .warning_sites import install as install_warning_sites


def start_server(endpoint, control_endpoint=None, *, context=None, socket_options=None, receive_timeout_ms=None,
                 client_timeout=None, shared_dir=None, shared_keep=0, isatty=False, fresh_main=True):
    """A server bound to `endpoint`, ready for serve_forever():
    - its control channel (heartbeats, interrupts; control.py) at `control_endpoint`, or next to `endpoint`;
      `socket_options` (CURVE) apply to both sockets;
    - `receive_timeout_ms`: the request socket's receive timeout, so that an idle loop wakes to drop the clients
      that left (serve); None waits for ever;
    - `client_timeout`: seconds of silence after which a remote client is forgotten; None for a local one;
    - `shared_dir`, `shared_keep`: the folder where a local client puts large arrays (shared.py), and how many
      bytes of files it may keep for reuse;
    - sys.stdout and sys.stderr forwarded to the client (streams.py), `isatty` saying what they pretend to be;
    - warnings naming the TypeScript line of the operation (warning_sites.py), withPy's __exit__ (context_exit);
    - `fresh_main`: py.exec and py.eval run in a fresh `__main__`, not in the module that started the process."""
    options = dict(socket_options or {})
    if receive_timeout_ms is not None:
        options[zmq.RCVTIMEO] = receive_timeout_ms
    server = Server(endpoint, context, options)
    server.client_timeout = client_timeout
    server.shared_dir = shared_dir
    server.shared_keep = shared_keep
    install_control(server, control_endpoint or control_endpoint_for(server.endpoint), socket_options)
    install_warning_sites(server)
    context_exit.install(server)
    sys.stdout = ForwardedStream(server, 1, 1, isatty)
    sys.stderr = ForwardedStream(server, 2, 2, isatty)
    server.forwarded_streams = (sys.stdout, sys.stderr)
    if fresh_main:
        install_main()
    return server
