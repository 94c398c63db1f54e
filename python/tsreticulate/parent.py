"""The Python process must never outlive the Node process that started it."""
import os
import signal
import sys
import threading
import time


def watch_parent(parent_pid):
    if parent_pid <= 0:
        return
    if sys.platform.startswith("linux"):
        # The kernel kills us the moment the parent dies, even by SIGKILL, where no cleanup code runs.
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except Exception:
            pass
    # Polling covers other systems, and the race where the parent died before prctl ran.
    def poll():
        while True:
            if os.getppid() != parent_pid:
                os._exit(0)
            time.sleep(0.2)

    threading.Thread(target=poll, name="tsreticulate-parent-watch", daemon=True).start()
