"""The training workload without the bridge: the workshop's model trained 3 epochs on 10,000 random images
after a one-epoch warm-up fit, the same steps bench/workers/training.ts drives from TypeScript, in the same
interpreter, one fresh process per round (the orchestrator alternates the two). Prints the wall time of the
fit, the CPU time the process spent in it (all threads) and torch's thread count, as the TypeScript worker does."""
import json
import os
import time

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402


def fit(x, y, seed, epochs):
    keras.utils.set_random_seed(seed)
    inputs = keras.Input((32, 32, 3))
    h = keras.layers.Flatten()(inputs)
    h = keras.layers.Dense(32, activation="relu")(h)
    outputs = keras.layers.Dense(1, activation="sigmoid")(h)
    model = keras.Model(inputs, outputs)
    model.compile(loss="binary_crossentropy", optimizer="sgd", metrics=["accuracy"])
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    model.fit(x=x, y=y, epochs=epochs, batch_size=64, verbose=0)
    return (time.perf_counter() - t0) * 1000, (time.process_time() - cpu0) * 1000


def main():
    rng = np.random.default_rng(1)
    x = torch.tensor(rng.random((10_000, 32, 32, 3), dtype=np.float32), dtype=torch.float32)
    y = torch.tensor((rng.random(10_000) < 0.5).astype(np.float32), dtype=torch.float32)
    fit(x, y, 0, 1)
    ms, cpu = fit(x, y, 1, 3)
    result = {"fitMs": [ms], "fitCpuMs": [cpu], "torchThreads": [torch.get_num_threads()]}
    print(f"\n@@bench-result {json.dumps(result)}", flush=True)


if __name__ == "__main__":
    main()
