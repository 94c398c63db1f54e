// The hand-read extension payloads (src/bridge/wire/ext-payloads.ts) agree with msgpackr on every layout Python's
// msgpack writes for a handle [ref, type name, repr] and an array header [dtype, shape, frame], and hand anything
// else back to msgpackr.
import { pack } from "msgpackr";
import { describe, expect, it } from "vitest";
import { readArrayPayload, readHandlePayload } from "../../src/bridge/wire/ext-payloads.js";

describe("readHandlePayload", () => {
  it("reads ints of every width, short and long strings, and a null repr", () => {
    const refs = [0, 5, 127, -1, -32, -33, -128, -129, -32768, -32769, -(2 ** 31), 200, 70000, 2 ** 32 - 1];
    const names = ["torch.Tensor", "x".repeat(40), "y".repeat(300), "é—中文"];
    const reprs = [null, "short", "r".repeat(70000)];
    for (const ref of refs) {
      for (const name of names) {
        for (const repr of reprs) {
          expect(readHandlePayload(pack([ref, name, repr]))).toEqual([ref, name, repr]);
        }
      }
    }
  });

  it("reads a 64-bit int as Python's msgpack writes it (msgpackr itself would write a float)", () => {
    const int64 = Buffer.from([0x93, 0xd3, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0xa1, 0x61, 0xc0]);
    expect(readHandlePayload(int64)).toEqual([-(2 ** 40), "a", null]);
  });

  it("gives up on layouts it does not know, for msgpackr to read", () => {
    expect(readHandlePayload(pack([1, 2, 3]))).toBeUndefined();
    expect(readHandlePayload(pack([1, "a"]))).toBeUndefined();
    expect(readHandlePayload(pack([1.5, "a", null]))).toBeUndefined();
    expect(readHandlePayload(pack([1, "a", null]).subarray(0, 3))).toBeUndefined();
    expect(readHandlePayload(Buffer.concat([pack([1, "a", null]), Buffer.from([0])]))).toBeUndefined();
  });
});

describe("readArrayPayload", () => {
  it("reads dtypes, shapes of any rank (0-d, empty, large dimensions) and frame indexes", () => {
    const shapes = [[], [0], [3], [10000, 32, 32, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [70000, 2 ** 31 + 5]];
    for (const dtype of ["float32", "int64", "bool", "float16"]) {
      for (const shape of shapes) {
        for (const frame of [0, 1, 127, 128, 70000]) {
          expect(readArrayPayload(pack([dtype, shape, frame]))).toEqual([dtype, shape, frame]);
        }
      }
    }
  });

  it("gives up on layouts it does not know, for msgpackr to read", () => {
    expect(readArrayPayload(pack(["float32", [1.5], 0]))).toBeUndefined();
    expect(readArrayPayload(pack(["float32", 3, 0]))).toBeUndefined();
    expect(readArrayPayload(pack([1, [3], 0]))).toBeUndefined();
    expect(readArrayPayload(pack(["float32", [3]]))).toBeUndefined();
    expect(readArrayPayload(pack(["float32", [3], 0]).subarray(0, 8))).toBeUndefined();
    expect(readArrayPayload(Buffer.concat([pack(["float32", [3], 0]), Buffer.from([0])]))).toBeUndefined();
  });
});
