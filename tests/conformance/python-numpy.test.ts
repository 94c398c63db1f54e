// reticulate's tests/testthat/test-python-numpy.R. R matrices and arrays are NDArrays here (C order, where R's
// are column-major); numpy string and object arrays become nested JS arrays.
import { afterAll, expect, test } from "vitest";
import { NDArray, isProxy, len, py, toJs, toPy } from "../../src/index.js";

afterAll(() => py.shutdown());
const np = py.import("numpy");

const values = (a: NDArray) => Array.from(a.data as ArrayLike<number | bigint>, Number);

test("test-python-numpy.R: R matrixes are converted to numpy ndarray", async () => {
  const m1 = new NDArray(new Float64Array([1, 2, 3, 4]), [2, 2]);
  const equal = (await np.equal(m1, m1)) as NDArray;
  expect(equal.dtype).toBe("bool");
  expect(equal.shape).toEqual([2, 2]);
  expect(Array.from(equal.data as Uint8Array)).toEqual([1, 1, 1, 1]);
});

test("test-python-numpy.R: Numpy ndarray is converted to R matrix", async () => {
  const m1 = (await np.array([[1, 2], [3, 4]], { dtype: "float64" })) as NDArray;
  expect(m1.shape).toEqual([2, 2]);
  expect(values(m1)).toEqual([1, 2, 3, 4]);
});

test("test-python-numpy.R: Multi-dimensional arrays are handled correctly", async () => {
  const a1 = new NDArray(Int32Array.from({ length: 8 }, (_, i) => i + 1), [2, 2, 2]);
  const negative = (await np.negative(a1)) as NDArray;
  expect(negative.shape).toEqual([2, 2, 2]);
  expect(values(negative)).toEqual(values(a1).map((x) => -x));
});

test("test-python-numpy.R: Character arrays are handled correctly", async () => {
  const a1 = [[["1", "2"], ["3", "4"]], [["5", "6"], ["7", "8"]]];
  const arr = np.array(a1);
  expect(await arr.dtype.kind).toBe("U");
  expect(await arr).toEqual(a1);
});

test("test-python-numpy.R: Long integer types are converted to R numeric", async () => {
  const npc = py.import("numpy", { convert: false });
  for (const dtype of [npc.int64, npc.int32, npc.uint64, npc.uint32]) {
    const a1 = (await npc.array(Array.from({ length: 30 }, (_, i) => i + 1), { dtype })) as NDArray;
    expect(values(a1)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  }
});

test("test-python-numpy.R: Numpy scalars are converted to R vectors", async () => {
  expect(await np.float64(1.1)).toBe(1.1);
  expect(values((await np.array([1.1])) as NDArray)).toEqual([1.1]);
});

test("test-python-numpy.R: np_array creates arrays of the expected type", async () => {
  const a = np.array(Array.from({ length: 10 }, (_, i) => i + 1), { dtype: "float32" });
  expect(await a.dtype.name).toBe("float32");
  expect(((await a) as NDArray).data).toBeInstanceOf(Float32Array);
});

test("test-python-numpy.R: np_array creates arrays of the expected order", async () => {
  const a = np.array(Array.from({ length: 8 }, (_, i) => i + 1), { dtype: "float32", order: "F" });
  expect(await a.flags.f_contiguous).toBe(true);
});

test("test-python-numpy.R: numpy length functions works", async () => {
  expect(await len(np.array(Array.from({ length: 8 }, (_, i) => i + 1), { dtype: "float32" }))).toBe(8);
  expect(await np.size(toPy(new NDArray(Int32Array.from({ length: 8 }), [2, 4])))).toBe(8);
});

test("test-python-numpy.R: boolean matrices are converted appropriately", async () => {
  const a = new NDArray(new Uint8Array([1, 1, 1, 1]), [2, 2], "bool");
  const back = (await toJs(toPy(a))) as NDArray;
  expect(back.dtype).toBe("bool");
  expect(back.shape).toEqual([2, 2]);
  expect(Array.from(back.data as Uint8Array)).toEqual([1, 1, 1, 1]);
});

test("test-python-numpy.R: numpy string arrays are correctly handled", async () => {
  const npc = py.import("numpy", { convert: false });
  const c1 = npc.array(["1", "2", "3"]);
  const c2 = npc.array(["4", "5", "6"]);
  expect(await npc.stack([c1, c2], { axis: 1 })).toEqual([["1", "4"], ["2", "5"], ["3", "6"]]);

  // More dimensions, Fortran order and strided views: the strings read as the numbers they were made from.
  const asNumbers = (x: unknown): unknown => (Array.isArray(x) ? x.map(asNumbers) : Number(x));
  const nested = (a: NDArray): unknown => {
    const flat = values(a);
    const build = (dims: number[], offset: number): unknown =>
      dims.length === 1
        ? flat.slice(offset, offset + dims[0]!)
        : Array.from({ length: dims[0]! }, (_, i) => build(dims.slice(1), offset + i * dims.slice(1).reduce((p, q) => p * q, 1)));
    return build(a.shape as number[], 0);
  };
  const check = async (x: unknown, y: unknown) => {
    const a = nested((await toJs(x)) as NDArray);
    const b = asNumbers(await y);
    expect(b).toEqual(a);
  };
  let x = npc.random.rand(3, 5, 4);
  let y = x.astype("str");
  await check(x, y);
  y = npc.asfortranarray(x.astype("str"));
  expect(await y.flags.f_contiguous).toBe(true);
  await check(x, y);
  x = npc.random.rand(3, 5, 4);
  y = npc.reshape(x.astype("str"), [5, 3, 4]);
  x = npc.reshape(x, [5, 3, 4]);
  await check(x, y);

  const s = npc.array(Array.from({ length: 18 }, (_, i) => String(i + 1))).reshape([-1, 2]);
  const fn = py.eval("lambda x: x[::2]"); // another strided view
  const expected = [["1", "2"], ["5", "6"], ["9", "10"], ["13", "14"], ["17", "18"]];
  expect(await fn(s)).toEqual(expected);
  expect(await fn(npc.asfortranarray(s))).toEqual(expected);
});

test("test-python-numpy.R: numpy non-simple arrays work", async () => {
  await py.exec("import numpy as np");
  await py.exec("array = np.array([(1.0, 2), (3.0, 4)], dtype=[('x', float), ('y', int)])");
  await py.exec("rec_array = array.view(np.recarray)");
  // A record array has no JS form: a Python object (settled handle).
  const recArray = await py.eval("rec_array");
  expect(isProxy(recArray)).toBe(true);
  expect(await py.builtins.isinstance(recArray, np.ndarray)).toBe(true);
  // reticulate's py_to_r S3 method for it is a Python-side conversion here:
  expect(await py.eval("rec_array.tolist()")).toEqual([[1, 2], [3, 4]]);
});

test("test-python-numpy.R: 0-length character arrays are handled correctly", async () => {
  for (const dtype of ["U", "U1", "U10", "O", "S", "S1", "S10"]) expect(await np.array([], { dtype })).toEqual([]);
});

test("test-python-numpy.R: raw arrays convert", async () => {
  const text = "‘Hello World!’";
  const rx = Buffer.from(text, "utf8");
  // round trip through bytearray
  expect(await toJs(py.builtins.bytearray(rx))).toEqual(rx);
  // round trip through bytes
  expect(await toJs(toPy(rx))).toEqual(rx);
  // a uint8 array
  const px = np.frombuffer(rx, { dtype: "uint8" });
  expect(await px.dtype.name).toBe("uint8");
  expect(await px.shape).toEqual([18]);
  expect(Buffer.from(((await px) as NDArray).data as Uint8Array)).toEqual(rx);
  expect(await px.tobytes().decode()).toBe(text);
});
