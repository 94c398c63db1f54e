"""Entry point: python -m tsreticulate --endpoint ipc:///... --parent-pid N [--control-endpoint ADDRESS]

The arguments come from the JS package (process.ts), not from people, so they are read by hand: argparse
and what it imports (re, gettext) are a tenth of the server's start-up."""
import os
import sys

USAGE = ("usage: python -m tsreticulate --endpoint ADDRESS [--parent-pid N] [--control-endpoint ADDRESS] "
         "[--shared-dir PATH [--shared-keep BYTES]]")


_FLAGS = ("--endpoint", "--parent-pid", "--control-endpoint", "--shared-dir", "--shared-keep")
_NUMBERS = {"--parent-pid": "a process id", "--shared-keep": "a number of bytes"}


class Arguments:
    def __init__(self, argv):
        self.endpoint = None
        self.parent_pid = 0
        self.control_endpoint = None
        self.shared_dir = None
        self.shared_keep = 0
        it = iter(argv)
        for flag in it:
            value = next(it, None)
            if value is None or flag not in _FLAGS:
                sys.exit(f"{USAGE}\nunexpected argument: {flag}")
            if flag in _NUMBERS:
                if not value.isdigit():
                    sys.exit(f"{USAGE}\n{flag} takes {_NUMBERS[flag]}, got {value!r}")
                setattr(self, flag[2:].replace("-", "_"), int(value))
            else:
                setattr(self, flag[2:].replace("-", "_"), value)
        if self.endpoint is None:
            sys.exit(f"{USAGE}\n--endpoint is required")


def main(argv=None):
    args = Arguments(sys.argv[1:] if argv is None else argv)

    from .parent import watch_parent

    watch_parent(args.parent_pid)
    os.environ.setdefault("KERAS_BACKEND", "torch")

    from .startup import start_server

    # Large arrays from the client arrive as files of its shared folder (shared.py); the client made it and removes it.
    server = start_server(
        args.endpoint, args.control_endpoint,
        shared_dir=args.shared_dir if args.shared_dir and os.path.isdir(args.shared_dir) else None,
        shared_keep=args.shared_keep, isatty=os.environ.get("TSRETICULATE_ISATTY", "") == "1")
    from .errors import Terminated

    try:
        server.serve_forever()
    except Terminated:
        # The client's shutdown (SIGTERM; the stack has unwound, its `finally` blocks ran). What a Python script
        # runs at its end and users see, atexit handlers and weakref.finalize callbacks (registered through
        # atexit), runs here; the interpreter's teardown of every module after them is skipped: with torch
        # loaded it takes over a second and has no effect anyone could see.
        import atexit

        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        os._exit(0)


if __name__ == "__main__":
    main()
