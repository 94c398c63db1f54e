"""The iteration workload without a bridge: the loop over the DataLoader of 2,000 one-element batches that
bench/workers/iteration.ts runs through tsreticulate and pythonia, here in plain Python, in the same
interpreter, one fresh process per round. One untimed loop, then LOOPS timed ones (argv: items, loops)."""
import json
import sys
import time

import torch

ITEMS = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
LOOPS = int(sys.argv[2]) if len(sys.argv) > 2 else 3


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
    result = {"loopMs": [loop(loader) for _ in range(LOOPS)]}
    print(f"\n@@bench-result {json.dumps(result)}", flush=True)


if __name__ == "__main__":
    main()
