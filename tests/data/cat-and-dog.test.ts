// loadCatAndDog against the shipped files, and against damaged copies of them.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NDArray } from "../../src/index.js";
import { DataFileError, catAndDogFolder, loadCatAndDog } from "../../src/workshop/index.js";

const scratch = mkdtempSync(join(tmpdir(), "tsreticulate-data-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the shipped folder, altered by `damage`. */
function damagedCopy(name: string, damage: (folder: string) => void): string {
  const folder = join(scratch, name);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder);
  for (const f of ["train.bin", "test.bin"]) copyFileSync(join(catAndDogFolder, f), join(folder, f));
  damage(folder);
  return folder;
}

describe("loadCatAndDog", () => {
  const data = loadCatAndDog();

  it("gives uint8 channels-last images and 0/1 labels, 10,000 train and 2,000 test", () => {
    expect(data.x_train).toBeInstanceOf(NDArray);
    expect(data.x_train.shape).toEqual([10000, 32, 32, 3]);
    expect(data.x_train.dtype).toBe("uint8");
    expect(data.y_train.shape).toEqual([10000]);
    expect(data.x_test.shape).toEqual([2000, 32, 32, 3]);
    expect(data.y_test.shape).toEqual([2000]);
    expect(data.class_names).toEqual(["cat", "dog"]);
    const count = (y: NDArray) => Array.from(y.data as Uint8Array).reduce((n, v) => n + v, 0);
    expect(count(data.y_train)).toBe(5000); // 5,000 dogs of 10,000
    expect(count(data.y_test)).toBe(1000);
  });

  it("transposes CHW records to HWC: pixel (r, c) channel k is byte 1 + k*1024 + r*32 + c of the record", () => {
    const raw = readFileSync(join(catAndDogFolder, "train.bin"));
    for (const [n, r, c, k] of [[0, 0, 0, 0], [0, 0, 1, 2], [5, 31, 30, 1], [9999, 17, 3, 2]] as const) {
      expect(data.x_train.get(n, r, c, k)).toBe(raw[n * 3073 + 1 + k * 1024 + r * 32 + c]);
    }
    expect(data.y_train.get(9999)).toBe(raw[9999 * 3073]);
  });

  it("has the per-channel means published in the data README", () => {
    const sums = [0, 0, 0];
    const px = data.x_train.data;
    for (let i = 0; i < px.length; i++) sums[i % 3]! += px[i]!;
    const means = sums.map((s) => s / (px.length / 3));
    expect(means[0]).toBeCloseTo(126.9146, 3);
    expect(means[1]).toBeCloseTo(117.4337, 3);
    expect(means[2]).toBeCloseTo(106.0908, 3);
  });

  it("names a missing file", () => {
    const folder = damagedCopy("missing", (f) => rmSync(join(f, "test.bin")));
    const err = catchError(() => loadCatAndDog({ folder }));
    expect(err).toBeInstanceOf(DataFileError);
    expect(err.problem).toBe("missing");
    expect(err.path).toBe(join(folder, "test.bin"));
    expect(err.message).toMatch(/test\.bin is missing/);
  });

  it("names a truncated file with its size and the expected size", () => {
    const folder = damagedCopy("truncated", (f) => truncateSync(join(f, "train.bin"), 30_000_000));
    const err = catchError(() => loadCatAndDog({ folder }));
    expect(err.problem).toBe("size");
    expect(err.message).toMatch(/train\.bin has 30,000,000 bytes, expected 30,730,000/);
  });

  it("names a file whose bytes changed, by its checksum", () => {
    const folder = damagedCopy("altered", (f) => {
      const bytes = readFileSync(join(f, "train.bin"));
      bytes[123_456] = bytes[123_456]! ^ 0xff;
      writeFileSync(join(f, "train.bin"), bytes);
    });
    const err = catchError(() => loadCatAndDog({ folder }));
    expect(err.problem).toBe("checksum");
    expect(err.message).toMatch(/train\.bin is damaged: its sha256 is [0-9a-f]{64}, expected 166b506e/);
  });

  it("refuses a folder that is not a path", () => {
    expect(() => loadCatAndDog({ folder: 42 as unknown as string })).toThrow(/folder must be a path string, got number/);
  });
});

function catchError(fn: () => unknown): DataFileError {
  try {
    fn();
  } catch (e) {
    return e as DataFileError;
  }
  throw new Error("expected an error");
}
