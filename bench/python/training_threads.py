"""The training workload's fit, reported thread by thread: what each thread of this process did during the fit
(CPU time, voluntary and involuntary context switches, from /proc/self/task) and the settings that decide how
torch runs (thread counts, affinity, niceness, switch interval, gc, the threading environment). Run as a script it
prints one JSON line; bench/diagnose/training-threads.ts also runs it inside the bridge's Python process (py.exec),
so that both sides run the same code."""
import gc
import json
import os
import sys
import threading
import time

os.environ.setdefault("KERAS_BACKEND", "torch")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def threads():
    """tid -> name, CPU ticks and context switches of each thread; Python threads by their names."""
    names = {t.native_id: t.name for t in threading.enumerate()}
    out = {}
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/stat") as f:
                stat = f.read()
            with open(f"/proc/self/task/{tid}/status") as f:
                status = dict(line.split(":", 1) for line in f.read().splitlines() if ":" in line)
        except OSError:
            continue  # the thread ended meanwhile
        fields = stat[stat.rindex(")") + 2:].split()
        out[tid] = {
            "name": names.get(int(tid), "native " + stat[stat.index("(") + 1:stat.rindex(")")]),
            "cpu": int(fields[11]) + int(fields[12]),
            "vol": int(status["voluntary_ctxt_switches"]),
            "invol": int(status["nonvoluntary_ctxt_switches"]),
        }
    return out


def settings():
    import torch

    return {
        "torch_threads": torch.get_num_threads(),
        "interop_threads": torch.get_num_interop_threads(),
        "affinity": sorted(os.sched_getaffinity(0)),
        "nice": os.getpriority(os.PRIO_PROCESS, 0),
        "switch_interval": sys.getswitchinterval(),
        "gc_threshold": gc.get_threshold(),
        "python_threads": [t.name for t in threading.enumerate()],
        "environment": {k: v for k, v in os.environ.items() if k.startswith(("OMP", "MKL", "KMP", "GOMP", "OPENBLAS", "TORCH"))},
    }


_data = None


def run(epochs=3):
    """Makes the data and warms up once per process, then times one fit of `epochs`."""
    global _data
    if _data is None:
        import numpy as np
        import torch

        rng = np.random.default_rng(1)
        x = torch.tensor(rng.random((10_000, 32, 32, 3), dtype=np.float32), dtype=torch.float32)
        y = torch.tensor((rng.random(10_000) < 0.5).astype(np.float32), dtype=torch.float32)
        _data = (x, y)
        _fit(1, 0)
    return _fit(epochs, 1)


def _fit(epochs, seed):
    import keras

    x, y = _data
    keras.utils.set_random_seed(seed)
    inputs = keras.Input((32, 32, 3))
    h = keras.layers.Flatten()(inputs)
    h = keras.layers.Dense(32, activation="relu")(h)
    outputs = keras.layers.Dense(1, activation="sigmoid")(h)
    model = keras.Model(inputs, outputs)
    model.compile(loss="binary_crossentropy", optimizer="sgd", metrics=["accuracy"])
    before = threads()
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    model.fit(x=x, y=y, epochs=epochs, batch_size=64, verbose=0)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    after = threads()
    per_thread = []
    for tid, a in after.items():
        b = before.get(tid, {"cpu": 0, "vol": 0, "invol": 0})
        per_thread.append({"name": a["name"], "cpu_ms": (a["cpu"] - b["cpu"]) * 1000 / CLOCK_TICKS,
                           "voluntary_per_s": (a["vol"] - b["vol"]) / seconds,
                           "involuntary_per_s": (a["invol"] - b["invol"]) / seconds})
    return {"fit_ms": seconds * 1000, "cpu_ms": cpu * 1000, "threads": per_thread, "settings": settings()}


if __name__ == "__main__":
    print("@@threads " + json.dumps(run()), flush=True)
