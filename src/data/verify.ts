// Checks a data file before it is decoded: a missing, truncated or altered file is named with what is wrong
// and how to get a good copy, instead of surfacing later as a wrong shape or a model that learns nothing.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";

export type DataFileProblem = "missing" | "size" | "checksum" | "content";

/** A data file that is missing or damaged. `problem` says which check failed. */
export class DataFileError extends Error {
  override readonly name = "DataFileError";
  constructor(
    readonly path: string,
    readonly problem: DataFileProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface ExpectedFile {
  path: string;
  /** Exact size in bytes. */
  bytes: number;
  /** Hex sha256; omitted where no checksum is published (the full CIFAR-10 batches). */
  sha256?: string;
  /** What to do about a bad file, appended to the message. */
  remedy: string;
}

/** Reads a file whole after checking that it exists, has the expected size and (if given) checksum. */
export function readVerified({ path, bytes, sha256, remedy }: ExpectedFile): Buffer {
  if (!existsSync(path)) throw new DataFileError(path, "missing", `${path} is missing. ${remedy}`);
  const size = statSync(path).size;
  if (size !== bytes) {
    throw new DataFileError(
      path,
      "size",
      `${path} has ${size.toLocaleString("en")} bytes, expected ${bytes.toLocaleString("en")}: ` +
        `the file is truncated or is not the expected file. ${remedy}`,
    );
  }
  const data = readFileSync(path);
  if (sha256) {
    const actual = createHash("sha256").update(data).digest("hex");
    if (actual !== sha256) {
      throw new DataFileError(
        path,
        "checksum",
        `${path} is damaged: its sha256 is ${actual}, expected ${sha256}. ${remedy}`,
      );
    }
  }
  return data;
}
