// An RGB raster in memory: what plotRgb draws and wrapPlots arranges, before it becomes a PNG.
import { encodePng } from "./png.js";
import { PngImage } from "./png-image.js";

export class RgbRaster {
  /** width * height * 3 bytes, row-major. */
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    pixels?: Uint8Array,
  ) {
    this.pixels = pixels ?? new Uint8Array(width * height * 3);
    if (this.pixels.length !== width * height * 3) {
      throw new RangeError(`a ${width} x ${height} RGB raster needs ${width * height * 3} bytes, got ${this.pixels.length}`);
    }
  }

  fill(rgb: readonly [number, number, number]): this {
    for (let i = 0; i < this.pixels.length; i += 3) this.pixels.set(rgb, i);
    return this;
  }

  /** Copies `other` with its top-left corner at (x, y). */
  draw(other: RgbRaster, x: number, y: number): this {
    for (let row = 0; row < other.height; row++) {
      const src = other.pixels.subarray(row * other.width * 3, (row + 1) * other.width * 3);
      this.pixels.set(src, ((y + row) * this.width + x) * 3);
    }
    return this;
  }

  toPng(): PngImage {
    return new PngImage(encodePng(this.width, this.height, this.pixels));
  }

  /** Writes the raster as a PNG file and returns its absolute path. */
  save(path: string): string {
    return this.toPng().save(path);
  }

  /** Shows the raster inline in a tslab notebook; outside one it does nothing (see `inNotebook()`). */
  show(): void {
    this.toPng().show();
  }
}
