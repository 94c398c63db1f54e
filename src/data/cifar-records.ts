// CIFAR-10's binary record format: per record one label byte, then the red, green and blue planes of a
// 32x32 image (channels first). The workshop's arrays are channels last, [N, 32, 32, 3], as R and Keras use.
import { NDArray } from "../bridge/wire/ndarray.js";
import { DataFileError } from "./verify.js";

export const SIDE = 32;
export const CHANNELS = 3;
const PLANE = SIDE * SIDE;
export const RECORD_BYTES = 1 + CHANNELS * PLANE; // 3,073

export interface LabelledImages {
  /** uint8, [N, 32, 32, 3], channels last. */
  x: NDArray<Uint8Array>;
  /** uint8, [N]. */
  y: NDArray<Uint8Array>;
}

/**
 * Decodes whole records from one or more files into one channels-last array. `labelCount` bounds the
 * labels: a label outside it means the bytes are not CIFAR records, whatever their size.
 */
export function decodeRecords(files: readonly { path: string; data: Uint8Array }[], labelCount: number): LabelledImages {
  const total = files.reduce((n, f) => n + f.data.length / RECORD_BYTES, 0);
  const x = new Uint8Array(total * PLANE * CHANNELS);
  const y = new Uint8Array(total);
  let n = 0;
  for (const { path, data } of files) {
    const records = data.length / RECORD_BYTES;
    for (let r = 0; r < records; r++, n++) {
      const src = r * RECORD_BYTES;
      const label = data[src]!;
      if (label >= labelCount) {
        throw new DataFileError(path, "content", `${path}: record ${r} has label ${label}, expected 0 to ${labelCount - 1}`);
      }
      y[n] = label;
      // CHW -> HWC: one pass over the output, reading the three planes side by side.
      const r0 = src + 1;
      const g0 = r0 + PLANE;
      const b0 = g0 + PLANE;
      let dst = n * PLANE * CHANNELS;
      for (let p = 0; p < PLANE; p++) {
        x[dst++] = data[r0 + p]!;
        x[dst++] = data[g0 + p]!;
        x[dst++] = data[b0 + p]!;
      }
    }
  }
  return { x: new NDArray(x, [total, SIDE, SIDE, CHANNELS]), y: new NDArray(y, [total]) };
}
