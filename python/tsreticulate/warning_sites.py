"""Python warnings name the user's line. A warning whose frame is the server's own (a library warned with
stacklevel=2 about the call that JS made, or JS called warnings.warn) names the TypeScript line that issued the
operation instead: the text carries a marker with the op id, which the client replaces with that line
(session.ts, MSG_OUTPUT)."""
import warnings

from .errors import is_own_file

MARKER = "\0tsreticulate-op:{}\0"


def install(server):
    original = warnings.formatwarning

    def formatwarning(message, category, filename, lineno, line=None):
        op_id = getattr(getattr(server, "interrupts", None), "current_op", None)
        if op_id is not None and is_own_file(filename):
            return f"{MARKER.format(op_id)}: {category.__name__}: {message}\n"
        return original(message, category, filename, lineno, line)

    warnings.formatwarning = formatwarning
