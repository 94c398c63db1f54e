"""The Python process must never outlive the Node process that started it."""
import os
import signal
import sys
import threading
import time


def watch_parent(parent_pid):
    if parent_pid <= 0:
        return
    if sys.platform.startswith("linux") and _die_with_parent():
        # From here the kernel kills us the moment the parent dies, even by SIGKILL, where no cleanup code runs.
        # A parent that died before prctl ran has already handed us to another: that is seen once, now. No
        # polling thread: its 5 wake-ups a second each took the GIL from the main thread (a model.fit), which on a
        # busy machine then waits for a core to come back to it.
        if os.getppid() != parent_pid:
            os._exit(0)
        return

    # Polling, where the kernel cannot be asked.
    def poll():
        while True:
            if os.getppid() != parent_pid:
                os._exit(0)
            time.sleep(0.2)

    threading.Thread(target=poll, name="tsreticulate-parent-watch", daemon=True).start()


def _die_with_parent():
    """Asks Linux to send us SIGKILL when the thread that started us ends; whether it agreed."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) == 0
    except Exception:
        return False
