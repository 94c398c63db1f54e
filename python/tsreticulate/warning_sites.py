"""Python warnings name the user's line. A warning whose frame is the server's own (a library warned with
stacklevel=2 about the call that JS made, or JS called warnings.warn) names the TypeScript line that issued the
operation instead: the text carries a marker with the op id, which the client replaces with that line
(session.ts, MSG_OUTPUT)."""
import os
import warnings

_OWN_DIR = os.path.dirname(os.path.abspath(__file__))
MARKER = "\0tsreticulate-op:{}\0"


def install(server):
    original = warnings.formatwarning

    def formatwarning(message, category, filename, lineno, line=None):
        op_id = getattr(getattr(server, "interrupts", None), "current_op", None)
        if op_id is not None and _is_own(filename):
            return f"{MARKER.format(op_id)}: {category.__name__}: {message}\n"
        return original(message, category, filename, lineno, line)

    warnings.formatwarning = formatwarning


def _is_own(filename):
    try:
        # The package's own folder and its subpackages (helpers/): a frame of any of them is the server's.
        folder = os.path.dirname(os.path.abspath(filename))
        return folder == _OWN_DIR or folder.startswith(_OWN_DIR + os.sep)
    except Exception:
        return False
