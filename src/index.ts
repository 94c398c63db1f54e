// tsreticulate: drive Python (Keras, torch, torchvision) from TypeScript, line for line as reticulate does.
export * from "./bridge/index.js";
export * from "./data/index.js";
export * from "./plot/index.js";
export * from "./report/index.js";
export * from "./arrays/index.js";
export * from "./torchvision/index.js";
export * from "./keras/index.js";
