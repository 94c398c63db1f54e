// The PNG encoder, plotRgb and wrapPlots, checked pixel by pixel; figurePng against a real matplotlib.
import { inflateSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { NDArray, py, tuple } from "../../src/index.js";
import {
  RgbRaster,
  displayMarkdown,
  displayPng,
  encodePng,
  figurePng,
  inNotebook,
  loadCatAndDog,
  plotRgb,
  pngSize,
  wrapPlots,
} from "../../src/workshop/index.js";

afterAll(() => py.shutdown());

/** The RGB pixels of a PNG written by encodePng (one IDAT chunk, filter 0 on every line). */
function decode(png: Uint8Array): { width: number; height: number; rgb: Uint8Array } {
  const { width, height } = pngSize(png);
  const buf = Buffer.from(png);
  let pos = 8;
  let idat = Buffer.alloc(0);
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString("ascii", pos + 4, pos + 8);
    if (type === "IDAT") idat = Buffer.concat([idat, buf.subarray(pos + 8, pos + 8 + len)]);
    pos += 12 + len;
  }
  const raw = inflateSync(idat);
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 3 + 1)]).toBe(0);
    rgb.set(raw.subarray(y * (width * 3 + 1) + 1, (y + 1) * (width * 3 + 1)), y * width * 3);
  }
  return { width, height, rgb };
}

describe("encodePng / pngSize", () => {
  it("round-trips pixels and reports the size from the header", () => {
    const rgb = Uint8Array.from({ length: 5 * 3 * 3 }, (_, i) => (i * 37) % 256);
    const png = encodePng(5, 3, rgb);
    expect(pngSize(png)).toEqual({ width: 5, height: 3 });
    expect(decode(png).rgb).toEqual(rgb);
  });

  it("refuses wrong sizes and non-PNG bytes", () => {
    expect(() => encodePng(2, 2, new Uint8Array(11))).toThrow(/2 x 2 RGB needs 12 bytes, got 11/);
    expect(() => encodePng(0, 2, new Uint8Array(0))).toThrow(/positive integers/);
    expect(() => pngSize(new TextEncoder().encode("GIF89a, not a png at all"))).toThrow(/not a PNG/);
  });
});

describe("plotRgb", () => {
  const cats = loadCatAndDog().x_train;

  it("draws a uint8 channels-last image enlarged to at least 128 pixels, pixel for pixel", () => {
    const plot = plotRgb(cats.at(3));
    expect([plot.width, plot.height]).toEqual([128, 128]);
    const { rgb } = decode(plot.toPng().bytes);
    // output pixel (row 9, col 13) is input pixel (2, 3): scale 4
    const at = (r: number, c: number, k: number) => rgb[(r * 128 + c) * 3 + k];
    for (let k = 0; k < 3; k++) expect(at(9, 13, k)).toBe(cats.get(3, 2, 3, k));
    expect(plotRgb(cats, { index: 3 }).pixels).toEqual(plot.pixels);
  });

  it("maps float images from [0, 1] and greyscale to three equal channels", () => {
    const grey = new NDArray(Float32Array.of(0, 0.5, 1, 0.25), [2, 2]);
    const plot = plotRgb(grey, { scale: 1 });
    expect(Array.from(plot.pixels)).toEqual([0, 0, 0, 128, 128, 128, 255, 255, 255, 64, 64, 64]);
    const wide = plotRgb(new NDArray(Float32Array.of(-100, 300), [1, 2]), { range: [0, 200], scale: 1 });
    expect(Array.from(wide.pixels)).toEqual([0, 0, 0, 255, 255, 255]); // clipped
  });

  it("explains what is wrong with its input", () => {
    expect(() => plotRgb(new NDArray(new Uint8Array(3 * 4 * 4), [3, 4, 4]))).toThrow(/channels last.*\[3, 4, 4\].*permute/);
    expect(() => plotRgb(cats, { index: 10_000 })).toThrow(/index 10000 is out of range for a batch of 10000/);
    expect(() => plotRgb([1, 2, 3] as unknown as NDArray)).toThrow(/takes an NDArray/);
    expect(() => plotRgb(cats.at(0), { scale: 1.5 })).toThrow(/scale must be a positive integer/);
  });
});

describe("wrapPlots", () => {
  it("lays plots out row by row with a gap, centring smaller ones", () => {
    const red = new RgbRaster(2, 2).fill([255, 0, 0]);
    const blue = new RgbRaster(4, 2).fill([0, 0, 255]);
    const grid = wrapPlots([red, blue, red], { ncol: 2, gap: 1 });
    // cells 4 x 2, 2 columns, 2 rows: width 2*4 + 3, height 2*2 + 3
    expect([grid.width, grid.height]).toEqual([11, 7]);
    const px = (x: number, y: number) => Array.from(grid.pixels.subarray((y * 11 + x) * 3, (y * 11 + x) * 3 + 3));
    expect(px(0, 0)).toEqual([255, 255, 255]); // gap
    expect(px(1, 1)).toEqual([255, 255, 255]); // red is centred in its 4-wide cell
    expect(px(2, 1)).toEqual([255, 0, 0]);
    expect(px(6, 1)).toEqual([0, 0, 255]);
    expect(px(3, 4)).toEqual([255, 0, 0]); // second row
    expect(px(8, 4)).toEqual([255, 255, 255]); // the empty fourth cell
  });

  it("makes a square grid by default and refuses what is not a plot", () => {
    const plots = Array.from({ length: 16 }, () => new RgbRaster(128, 128));
    const grid = wrapPlots(plots);
    expect([grid.width, grid.height]).toEqual([4 * 128 + 5 * 4, 4 * 128 + 5 * 4]);
    expect(() => wrapPlots([])).toThrow(/non-empty array/);
    expect(() => wrapPlots([new RgbRaster(1, 1), {} as RgbRaster])).toThrow(/plot 1 is not a plot/);
  });
});

describe("display outside a notebook", () => {
  it("does nothing and says it is not in a notebook", () => {
    expect(inNotebook()).toBe(false);
    expect(displayPng(encodePng(1, 1, new Uint8Array(3)))).toBeUndefined();
    expect(displayMarkdown("| a |")).toBeUndefined();
    expect(() => displayPng("x" as unknown as Uint8Array)).toThrow(/bytes of a PNG/);
  });
});

describe("figurePng", () => {
  it("renders a matplotlib figure to a PNG of figsize x dpi pixels", async () => {
    py.import("matplotlib").use("Agg");
    const plt = py.import("matplotlib.pyplot", { convert: false });
    const fig = plt.figure({ figsize: tuple(4, 3) });
    plt.plot([0, 1], [0, 1]);
    const png = await figurePng(fig, { dpi: 50 });
    expect([png.width, png.height]).toEqual([200, 150]);
    expect(await plt.get_fignums()).toEqual([]); // closed
  });
});
