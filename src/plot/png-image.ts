// A PNG image ready to be saved next to a run's outputs or shown inline in a notebook.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { displayPng } from "./display.js";
import { pngSize } from "./png.js";

export class PngImage {
  readonly width: number;
  readonly height: number;

  constructor(readonly bytes: Uint8Array) {
    ({ width: this.width, height: this.height } = pngSize(bytes));
  }

  /** Writes the PNG (creating the folder) and returns its absolute path. */
  save(path: string): string {
    if (typeof path !== "string" || path.length === 0) throw new TypeError(`save() takes a file path, got ${JSON.stringify(path)}`);
    const full = resolve(path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, this.bytes);
    return full;
  }

  /** Shows the image inline in a tslab notebook; outside one it does nothing (see `inNotebook()`). */
  show(): void {
    displayPng(this.bytes);
  }
}
