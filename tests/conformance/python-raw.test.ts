// reticulate's tests/testthat/test-python-raw.R. A Buffer is Python `bytes` (R's raw vector is a bytearray);
// a bytearray comes back as a Buffer.
import { afterAll, expect, test } from "vitest";
import { py, toJs, toPy } from "../../src/index.js";

afterAll(() => py.shutdown());
const raw = Buffer.from([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 0, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57]);
const builtins = py.builtins;

test("test-python-raw.R: Raw vectors are converted to bytearraw", async () => {
  expect(await builtins.type(toPy(raw)).__name__).toBe("bytes");
  expect(await builtins.type(builtins.bytearray(raw)).__name__).toBe("bytearray");
});

test("test-python-raw.R: Raw vectors with null bytes roundtrip correctly", async () => {
  const ba = builtins.bytearray(raw);
  expect(await builtins.len(ba)).toBe(21);
  expect(await toJs(ba)).toEqual(raw);
  expect(await toJs(toPy(raw))).toEqual(raw);
});

test("test-python-raw.R: Raw vector of length zero creates length zero bytearray", async () => {
  expect(await builtins.len(builtins.bytearray(Buffer.alloc(0)))).toBe(0);
});

test("test-python-raw.R: bytearray of length zero creates length zero Raw", async () => {
  expect(await builtins.bytearray()).toEqual(Buffer.alloc(0));
});
