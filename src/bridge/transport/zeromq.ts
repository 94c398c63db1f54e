// zeromq.js, loaded on first use instead of when tsreticulate is imported: the first session loads it right
// after spawning Python, so that the load overlaps Python's own start-up instead of adding to it. zeromq.js is
// CommonJS, and require() loads it in about a third of the time an ESM import takes.
import { createRequire } from "node:module";
import type * as Zmq from "zeromq";

const require = createRequire(import.meta.url);
let loaded: typeof Zmq | undefined;

export function zeromq(): typeof Zmq {
  return (loaded ??= require("zeromq") as typeof Zmq);
}
