"""Entry point: python -m tsreticulate --endpoint ipc:///... --parent-pid N"""
import argparse
import os
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tsreticulate")
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--parent-pid", type=int, default=0)
    parser.add_argument("--control-endpoint", default=None)
    args = parser.parse_args(argv)

    from .parent import watch_parent

    watch_parent(args.parent_pid)
    os.environ.setdefault("KERAS_BACKEND", "torch")

    from .server import Server
    from .streams import ForwardedStream

    server = Server(args.endpoint)
    from .control import control_endpoint_for, install as install_control

    # Heartbeats and interrupts, answered while the main thread runs user code.
    install_control(server, args.control_endpoint or control_endpoint_for(server.endpoint))
    isatty = os.environ.get("TSRETICULATE_ISATTY", "") == "1"
    sys.stdout = ForwardedStream(server, 1, 1, isatty)
    sys.stderr = ForwardedStream(server, 2, 2, isatty)
    server.serve_forever()


if __name__ == "__main__":
    main()
