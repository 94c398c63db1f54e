"""One worker of a Ray pool: a tsreticulate CURVE server (serve.py's) inside a Ray actor.

The driver (ray_driver.py) creates the actor with the resources asked for, calls `start` (which binds the
sockets and answers the endpoint and the server's public key) and then `serve`, which runs the server loop in
the actor's main thread (where Ray runs a plain actor's methods, and where the interrupt handler must live)
until the actor dies. The server's key pair is made here: its secret never leaves this process. The client's
public key comes from the driver; only that key is let in."""
import os
import socket
import sys


def _free_port(host, low, high):
    """A port of [low, high] free on `host` now (the server binds it a moment later; a race with another
    process is possible and fails `start`, which the driver reports)."""
    for port in range(low, high + 1):
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind((host, port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {low}-{high} on {host} (option ray.workerPorts)")


def _authorize_only(key, log):
    """The ZAP handler of auth.py, letting in exactly `key`: no authorised-keys file, so a killed actor leaves
    no folder behind."""
    from .auth import Authorizer

    class OneKey(Authorizer):
        def _reload(self):
            self._keys = {key}

    return lambda context: OneKey(context, None, log=log)


class Worker:
    def __init__(self, client_public_key, ports=None, client_timeout=300.0):
        self.client_public_key = client_public_key
        self.ports = ports
        self.client_timeout = client_timeout
        self.server = None

    def start(self):
        import ray
        import zmq

        from .serve import start_curve_server

        os.environ.setdefault("KERAS_BACKEND", "torch")
        host = ray.util.get_node_ip_address()
        public, secret = zmq.curve_keypair()
        shown = f"[{host}]" if ":" in host else host
        if self.ports:
            low, high = self.ports
            bind = f"tcp://{shown}:{_free_port(host, low, high)}"
            control = f"tcp://{shown}:{_free_port(host, low, high)}"
        else:
            bind, control = f"tcp://{shown}:*", None
        authorize = _authorize_only(self.client_public_key, sys.__stderr__.write)
        self.server, control_endpoint = start_curve_server(bind, control, secret.decode("ascii"), authorize,
                                                           self.client_timeout)
        context = ray.get_runtime_context()
        return {
            "endpoint": self.server.endpoint,
            "control": control_endpoint,
            "server_key": public.decode("ascii"),
            "pid": os.getpid(),
            "node_id": context.get_node_id(),
            "actor_id": context.get_actor_id(),
            "name": context.get_actor_name(),
            "host": host,
        }

    def serve(self):
        """Runs until the actor dies; the driver watches this call's result to learn of that death."""
        self.server.serve_forever()
        return "the server loop ended"
