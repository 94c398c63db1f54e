// tsreticulate: drive Python (Keras, torch, torchvision) from TypeScript, line for line as reticulate does.
// The workshop's helpers (data, plots, report tables, run settings, R's mean and sd) are tsreticulate/workshop.
export * from "./bridge/index.js";
export * from "./torchvision/index.js";
export * from "./keras/index.js";
