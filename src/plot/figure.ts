// A matplotlib figure (ROC curves and the like) as a PNG image: rendered in Python, handed back as bytes, so
// that it is saved and shown inline the same way as the image grids.
import type { PyObject } from "../bridge/proxy.js";
import { py } from "../bridge/py.js";
import { PngImage } from "./png-image.js";

export interface FigurePngOptions {
  dpi?: number;
  /** Close the figure afterwards, as pyplot keeps every open figure alive (default true). */
  close?: boolean;
}

/** Renders a matplotlib figure to PNG. */
export async function figurePng(fig: PyObject, options: FigurePngOptions = {}): Promise<PngImage> {
  if (typeof fig !== "function") throw new TypeError(`figurePng() takes a matplotlib Figure (a Python object), got ${typeof fig}`);
  const buffer = py.import("io").BytesIO();
  fig.savefig(buffer, { format: "png", dpi: options.dpi ?? 100 });
  const bytes = (await buffer.getvalue()) as Uint8Array;
  if (options.close !== false) await py.import("matplotlib.pyplot").close(fig);
  return new PngImage(bytes);
}
