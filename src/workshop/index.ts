// tsreticulate/workshop: what the workshop's code uses beyond the bridge and the typed Keras/torchvision layer.
// A library user needs none of it; the workshop's scripts and notebooks import it beside "tsreticulate".
// The files stay in their folders by concern (data/, plot/, report/, arrays/statistics); this is their one entry.
export * from "../data/index.js";
export * from "../plot/index.js";
export * from "../report/index.js";
export * from "../arrays/index.js";
