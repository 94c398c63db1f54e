// wrap_plots from patchwork, as the workshop uses it: plots laid out in a grid, row by row.
import { RgbRaster } from "./raster.js";

export interface WrapPlotsOptions {
  /** Columns; by default the grid is as square as possible (ceil(sqrt(n))). */
  ncol?: number;
  /** Pixels between plots and around the grid. */
  gap?: number;
  /** Colour behind and between the plots. */
  background?: readonly [number, number, number];
}

/** Arranges plots in a grid; each cell is as large as the largest plot, smaller plots are centred in theirs. */
export function wrapPlots(plots: readonly RgbRaster[], options: WrapPlotsOptions = {}): RgbRaster {
  if (!Array.isArray(plots) || plots.length === 0) throw new TypeError("wrapPlots() takes a non-empty array of plots (from plotRgb)");
  plots.forEach((p, i) => {
    if (!(p instanceof RgbRaster)) throw new TypeError(`wrapPlots(): plot ${i} is not a plot from plotRgb()`);
  });
  const width = Math.max(...plots.map((p) => p.width));
  const height = Math.max(...plots.map((p) => p.height));
  const ncol = options.ncol ?? Math.ceil(Math.sqrt(plots.length));
  const gap = options.gap ?? 4;
  if (!Number.isInteger(ncol) || ncol < 1) throw new RangeError(`wrapPlots(): ncol must be a positive integer, got ${ncol}`);
  if (!Number.isInteger(gap) || gap < 0) throw new RangeError(`wrapPlots(): gap must be a non-negative integer, got ${gap}`);
  const nrow = Math.ceil(plots.length / ncol);
  const grid = new RgbRaster(ncol * width + (ncol + 1) * gap, nrow * height + (nrow + 1) * gap);
  grid.fill(options.background ?? [255, 255, 255]);
  plots.forEach((p, i) => {
    const col = i % ncol;
    const row = Math.floor(i / ncol);
    const x = gap + col * (width + gap) + Math.floor((width - p.width) / 2);
    const y = gap + row * (height + gap) + Math.floor((height - p.height) / 2);
    grid.draw(p, x, y);
  });
  return grid;
}
