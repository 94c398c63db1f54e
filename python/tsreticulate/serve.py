"""`tsreticulate serve`: the Python side as a server that remote clients reach over TCP, authenticated and
encrypted with CurveZMQ. python -m tsreticulate.serve --bind tcp://127.0.0.1:5555 --key server.key
--authorized-keys authorized_keys

Every authorised client gets its own handles; all of them share this one Python process (its modules, its
`__main__` namespace) and are served one operation at a time."""
import argparse
import os
import sys

import zmq

DEFAULT_BIND = "tcp://127.0.0.1:5555"
DEFAULT_CLIENT_TIMEOUT = 300.0


def start_curve_server(bind, control_bind, secret, authorize, client_timeout, fresh_main=False):
    """A CURVE server bound to `bind` (its control socket to `control_bind`, or a free port of the same host),
    made by startup.start_server. `authorize(context)` starts the ZAP handler that decides which client keys get
    in; it must run before the server socket exists. Used by `tsreticulate serve` and by a Ray pool's actors
    (ray_worker.py, which keeps Ray's `__main__`: `fresh_main` False). Returns (server, control endpoint)."""
    from .startup import start_server

    context = zmq.Context.instance()
    authorize(context)
    curve = {
        zmq.CURVE_SERVER: 1,
        zmq.CURVE_SECRETKEY: secret.encode("ascii"),
        zmq.ZAP_DOMAIN: b"tsreticulate",
        # A client that reconnects (network blip) under its routing id takes its place at once, instead of
        # being ignored until the old connection times out.
        zmq.ROUTER_HANDOVER: 1,
        # Clients that vanish (network gone, laptop closed) are noticed by ZeroMQ's own heartbeats.
        zmq.HEARTBEAT_IVL: 10_000,
        zmq.HEARTBEAT_TIMEOUT: 60_000,
    }
    # The main loop wakes every second when idle, to drop the clients the control thread found gone.
    server = start_server(bind, control_bind, context=context, socket_options=curve, receive_timeout_ms=1000,
                          client_timeout=client_timeout, isatty=sys.__stdout__.isatty(), fresh_main=fresh_main)
    return server, server.control_endpoint


def main(argv=None):
    parser = argparse.ArgumentParser(prog="tsreticulate serve")
    parser.add_argument("--bind", default=DEFAULT_BIND,
                        help=f"where to listen (default {DEFAULT_BIND}: loopback only)")
    parser.add_argument("--control-bind", default=None,
                        help="where the heartbeat/interrupt socket listens (default: any free port of --bind's host)")
    parser.add_argument("--key", required=True, help="the server's key pair, from `tsreticulate keygen`")
    parser.add_argument("--authorized-keys", required=True,
                        help="client public keys allowed in, one per line")
    parser.add_argument("--client-timeout", type=float, default=DEFAULT_CLIENT_TIMEOUT,
                        help="seconds after which a client that has sent nothing (it also sends a presence "
                             f"message while idle) is forgotten with its objects (default {DEFAULT_CLIENT_TIMEOUT:g})")
    parser.add_argument("--parent-pid", type=int, default=0,
                        help="exit when this process ends (the `tsreticulate serve` wrapper passes its own)")
    args = parser.parse_args(argv)
    if not args.client_timeout > 0:
        parser.error("--client-timeout must be a positive number of seconds")
    if not args.bind.startswith("tcp://"):
        parser.error("--bind must be a tcp:// address (local clients use the ipc socket py starts itself)")

    from .parent import watch_parent

    watch_parent(args.parent_pid)
    os.environ.setdefault("KERAS_BACKEND", "torch")
    from .auth import Authorizer, read_key_file

    public, secret = read_key_file(args.key)
    log = sys.__stderr__.write
    server, control = start_curve_server(
        args.bind, args.control_bind, secret,
        lambda context: Authorizer(context, args.authorized_keys, log=lambda text: (log(text), sys.__stderr__.flush())),
        args.client_timeout, fresh_main=True)  # clients' py.exec and py.eval run in a fresh `__main__`
    server.interrupts.exit_on_idle_sigint = True
    log(f"tsreticulate serve: listening on {server.endpoint} (control {control})\n"
        f"server key: {public}\nauthorised keys: {os.path.abspath(args.authorized_keys)}\n")
    sys.__stderr__.flush()
    try:
        server.serve_forever()
    except SystemExit:
        log("tsreticulate serve: stopped\n")


if __name__ == "__main__":
    main()
