"""Does a thread that wakes often and takes the GIL slow a model.fit? In one plain Python process, fits of the
training workload alternate (ABAB) alone and with such a thread (the bridge's parent watch woke 5 times a second,
its control thread wakes for each heartbeat, once a second); alternating in one process cancels slow drifts of
the machine's load.
    python bench/diagnose/gil_wakeups.py [wake-ups per second, 200] [pairs, 4] [epochs per fit, 1]"""
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import training_threads  # noqa: E402

RATE = float(sys.argv[1]) if len(sys.argv) > 1 else 200
PAIRS = int(sys.argv[2]) if len(sys.argv) > 2 else 4
EPOCHS = int(sys.argv[3]) if len(sys.argv) > 3 else 1
waking = threading.Event()
wakes = [0]


def waker():
    while True:
        waking.wait()
        time.sleep(1 / RATE)
        os.getppid()  # a call that needs the GIL, as the parent watch made
        wakes[0] += 1


threading.Thread(target=waker, daemon=True).start()
training_threads.run(epochs=1)  # the data and the warm-up
for pair in range(PAIRS):
    for with_thread in (False, True) if pair % 2 == 0 else (True, False):
        if with_thread:
            waking.set()
        w0 = wakes[0]
        result = training_threads._fit(EPOCHS, 1)
        waking.clear()
        seconds = result["fit_ms"] / 1000
        print(f"{'with the thread' if with_thread else 'alone':16} fit {result['fit_ms']:8.0f} ms  CPU {result['cpu_ms']:8.0f} ms  "
              f"wake-ups {(wakes[0] - w0) / seconds:5.0f}/s", flush=True)
