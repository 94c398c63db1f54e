"""The user's `__main__`: py.exec, py.eval and py.runFile run there, not in the server's own module (which
`python -m tsreticulate` made `__main__`, with its `main`, `os` and `sys`)."""
import sys
import types

_MISSING = object()


def install():
    """Makes a fresh module `__main__`, as a script's is: only `__name__`, `__builtins__` and the like."""
    main = types.ModuleType("__main__")
    main.__dict__["__builtins__"] = __builtins__
    # A script's __main__ starts with an empty __annotations__ (module-level annotations go there).
    main.__dict__["__annotations__"] = {}
    sys.modules["__main__"] = main
    return main


def run_file(path, local=False):
    """reticulate's py_run_file: runs the file in `__main__` (or in a fresh namespace) with `__file__` set."""
    namespace = {} if local else sys.modules["__main__"].__dict__
    with open(path, "rb") as f:
        code = compile(f.read(), path, "exec")
    previous = namespace.get("__file__", _MISSING)
    namespace["__file__"] = path
    try:
        exec(code, namespace)
    finally:
        if local:
            namespace.pop("__builtins__", None)
        elif previous is _MISSING:
            namespace.pop("__file__", None)
        else:
            namespace["__file__"] = previous
    return namespace
