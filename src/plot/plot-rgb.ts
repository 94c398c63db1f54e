// plot_rgb from the workshop: one image as a picture. Small images are enlarged with nearest-neighbour
// scaling so that a 32x32 CIFAR image stays legible (and its pixels stay visible as pixels).
import { NDArray } from "../bridge/wire/ndarray.js";
import { RgbRaster } from "./raster.js";

export interface PlotRgbOptions {
  /** Which image of a batch [N, H, W, 3] to draw. */
  index?: number;
  /** The values shown as black and white: [0, 255] for integer arrays, [0, 1] for floating point ones. */
  range?: readonly [number, number];
  /** Enlargement factor; by default the smallest that makes the longer side at least 128 pixels. */
  scale?: number;
}

const MIN_SIDE = 128;

/** Draws an image given as an NDArray [H, W, 3] (RGB, channels last), [H, W] (greyscale) or a batch with `index`. */
export function plotRgb(image: NDArray, options: PlotRgbOptions = {}): RgbRaster {
  if (!(image instanceof NDArray)) {
    throw new TypeError(`plotRgb() takes an NDArray of shape [H, W, 3] or [H, W], got ${describe(image)}`);
  }
  let shape = [...image.shape];
  let offset = 0;
  if (options.index !== undefined) {
    const n = shape[0]!;
    if (shape.length !== 4 && shape.length !== 3) {
      throw new RangeError(`plotRgb(): index needs a batch [N, H, W, 3] or [N, H, W], got shape [${shape.join(", ")}]`);
    }
    if (!Number.isInteger(options.index) || options.index < 0 || options.index >= n) {
      throw new RangeError(`plotRgb(): index ${options.index} is out of range for a batch of ${n} images`);
    }
    shape = shape.slice(1);
    offset = options.index * shape.reduce((a, b) => a * b, 1);
  } else if (shape.length === 4 && shape[0] === 1) {
    shape = shape.slice(1);
  }
  const grey = shape.length === 2;
  if (!grey && !(shape.length === 3 && shape[2] === 3)) {
    throw new RangeError(
      `plotRgb() needs channels last, [H, W, 3] or [H, W], got shape [${image.shape.join(", ")}]` +
        (shape[0] === 3 ? " (channels first? permute it to [H, W, 3])" : ""),
    );
  }
  const [h, w] = shape as [number, number];
  const isFloat = image.dtype.startsWith("float");
  if (image.dtype === "float16" || image.dtype === "int64" || image.dtype === "uint64") {
    throw new TypeError(`plotRgb() does not take ${image.dtype} arrays: convert to uint8 or float32`);
  }
  const [lo, hi] = options.range ?? (isFloat ? [0, 1] : [0, 255]);
  if (!(hi > lo)) throw new RangeError(`plotRgb(): range [${lo}, ${hi}] must be increasing`);
  const scale = options.scale ?? Math.max(1, Math.ceil(MIN_SIDE / Math.max(h, w)));
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError(`plotRgb(): scale must be a positive integer, got ${scale}`);

  const data = image.data as ArrayLike<number>;
  const toByte = (v: number) => Math.max(0, Math.min(255, Math.round(((v - lo) / (hi - lo)) * 255)));
  const raster = new RgbRaster(w * scale, h * scale);
  const out = raster.pixels;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = offset + (y * w + x) * (grey ? 1 : 3);
      const r = toByte(data[p]!);
      const g = grey ? r : toByte(data[p + 1]!);
      const b = grey ? r : toByte(data[p + 2]!);
      for (let dy = 0; dy < scale; dy++) {
        let dst = ((y * scale + dy) * raster.width + x * scale) * 3;
        for (let dx = 0; dx < scale; dx++) {
          out[dst++] = r;
          out[dst++] = g;
          out[dst++] = b;
        }
      }
    }
  }
  return raster;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "function") return "a Python object (await toJs(...) to get an NDArray)";
  if (typeof v === "object") return (v as object).constructor?.name ?? "an object";
  return typeof v;
}
