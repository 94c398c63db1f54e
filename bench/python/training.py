"""Measurement 5 without the bridge: the workshop's model trained 3 epochs on 10,000 random images, the same
steps bench/workers/training.ts drives from TypeScript, in the same interpreter.

It prepares the data, warms up with a one-epoch fit, prints "@@ready", then runs one timed fit for each "fit"
line on stdin (printing "@@fit <ms>") until "quit": the orchestrator alternates it with the TypeScript worker, so
that both train under the same load."""
import os
import sys
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
    t0 = time.perf_counter()
    model.fit(x=x, y=y, epochs=epochs, batch_size=64, verbose=0)
    return (time.perf_counter() - t0) * 1000


def main():
    rng = np.random.default_rng(1)
    x = torch.tensor(rng.random((10_000, 32, 32, 3), dtype=np.float32), dtype=torch.float32)
    y = torch.tensor((rng.random(10_000) < 0.5).astype(np.float32), dtype=torch.float32)
    fit(x, y, 0, 1)
    print("@@ready", flush=True)
    run = 0
    for line in sys.stdin:
        if line.strip() != "fit":
            break
        run += 1
        print(f"@@fit {fit(x, y, run, 3)}", flush=True)


if __name__ == "__main__":
    main()
