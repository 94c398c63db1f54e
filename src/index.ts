// tsreticulate: drive Python (Keras, torch, torchvision) from TypeScript, line for line as reticulate does.
export * from "./bridge/index.js";
