// Pictures: image grids drawn in JS, matplotlib figures rendered in Python; both saved as PNG and shown inline in tslab.
export { plotRgb, type PlotRgbOptions } from "./plot-rgb.js";
export { wrapPlots, type WrapPlotsOptions } from "./wrap-plots.js";
export { RgbRaster } from "./raster.js";
export { PngImage } from "./png-image.js";
export { figurePng, type FigurePngOptions } from "./figure.js";
export { encodePng, pngSize } from "./png.js";
export { inNotebook, displayPng, displayMarkdown } from "./display.js";
