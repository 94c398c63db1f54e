// The sizes the measurements share.

/** The workshop's training set as float32: 10000 x 32 x 32 x 3. */
export const IMAGES_SHAPE = [10_000, 32, 32, 3] as const;
export const IMAGES_ELEMENTS = IMAGES_SHAPE.reduce((a, b) => a * b, 1);
export const IMAGES_BYTES = IMAGES_ELEMENTS * 4;

/** pythonia moves arrays as JSON at a few MB/s: it gets 1/100 of the bytes, compared by MB/s. */
export const PYTHONIA_ARRAY_ELEMENTS = IMAGES_ELEMENTS / 100;

/** The awaited round trip: calls per sample, after the warm-up calls (the figures). */
export const ROUND_TRIP_CALLS = 1000;
export const ROUND_TRIP_WARMUP = 200;

/** Calls issued at once with every result awaited. */
export const AWAITED_CALLS = 10_000;

export const CHAIN_OPS = 10_000;

export function mbPerSecond(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}

/** The DataLoader loop: batches of batch_size=1 over a [2000, 1] float tensor, one loop each. */
export const LOADER_ITEMS = 2000;
