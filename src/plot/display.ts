// Inline display in a tslab notebook. tslab runs each cell with a global `__tslab__` whose `require("tslab")`
// is the running kernel's own module: importing "tslab" from this package instead could load a second copy
// that is not connected to the notebook.

interface TslabDisplay {
  png(bytes: Uint8Array): void;
  markdown(text: string): void;
}

function tslabDisplay(): TslabDisplay | undefined {
  const tslab = (globalThis as { __tslab__?: { require?: (id: string) => unknown } }).__tslab__;
  if (typeof tslab?.require !== "function") return undefined;
  try {
    return (tslab.require("tslab") as { display?: TslabDisplay }).display;
  } catch {
    return undefined;
  }
}

/** Whether this code runs in a tslab notebook cell. */
export function inNotebook(): boolean {
  return tslabDisplay() !== undefined;
}

// Both return nothing, so that a cell ending with them shows no stray value; inNotebook() says whether they can.

/** Shows a PNG in the notebook cell's output; outside a notebook it does nothing. */
export function displayPng(bytes: Uint8Array): void {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`displayPng() takes the bytes of a PNG file, got ${typeof bytes}`);
  tslabDisplay()?.png(bytes);
}

/** Shows markdown (a table) in the notebook cell's output; outside a notebook it does nothing. */
export function displayMarkdown(text: string): void {
  if (typeof text !== "string") throw new TypeError(`displayMarkdown() takes a string, got ${typeof text}`);
  tslabDisplay()?.markdown(text);
}
