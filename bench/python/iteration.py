"""Measurement 6 without a bridge: the loop over the DataLoader of 2,000 one-element batches that
bench/workers/iteration.ts runs through tsreticulate and pythonia, here in plain Python, in the same interpreter.

It builds the loader, warms up with one loop, prints "@@ready", then runs one timed loop for each "loop" line
on stdin (printing "@@loop <ms>") until "quit": the worker takes turns between it and the two bridges, so that
all three loop under the same load."""
import sys
import time

import torch

ITEMS = int(sys.argv[1]) if len(sys.argv) > 1 else 2000


def loop(loader):
    t0 = time.perf_counter()
    n = 0
    for batch in loader:
        n += 1
    ms = (time.perf_counter() - t0) * 1000
    if n != ITEMS:
        raise RuntimeError(f"the loop saw {n} batches, not {ITEMS}")
    return ms


def main():
    dataset = torch.utils.data.TensorDataset(torch.arange(ITEMS).float().reshape(ITEMS, 1))
    loader = torch.utils.data.DataLoader(dataset, batch_size=1)
    loop(loader)
    print("@@ready", flush=True)
    for line in sys.stdin:
        if line.strip() != "loop":
            break
        print(f"@@loop {loop(loader)}", flush=True)


if __name__ == "__main__":
    main()
