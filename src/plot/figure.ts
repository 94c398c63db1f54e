// A matplotlib figure (ROC curves and the like) as a PNG image: rendered in Python, handed back as bytes, so
// that it is saved and shown inline the same way as the image grids.
import type { PyObject } from "../bridge/proxy.js";
import { bridgeOf } from "../bridge/bridge-of.js";
import { PngImage } from "./png-image.js";

export interface FigurePngOptions {
  dpi?: number;
  /** Close the figure afterwards, as pyplot keeps every open figure alive (default true). */
  close?: boolean;
}

/** Renders a matplotlib figure to PNG. */
export async function figurePng(fig: PyObject, options: FigurePngOptions = {}): Promise<PngImage> {
  if (typeof fig !== "function") throw new TypeError(`figurePng() takes a matplotlib Figure (a Python object), got ${typeof fig}`);
  const bridge = bridgeOf(fig, "figurePng()"); // the figure's own process (a pool worker's, a remote's)
  const buffer = bridge.import("io").BytesIO();
  fig.savefig(buffer, { format: "png", dpi: options.dpi ?? 100 });
  const bytes = (await buffer.getvalue()) as Uint8Array;
  if (options.close !== false) await bridge.import("matplotlib.pyplot").close(fig);
  return new PngImage(bytes);
}
