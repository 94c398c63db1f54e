// reticulate's tests/testthat/test-python-arrays.R, case by case
// (https://github.com/rstudio/reticulate/blob/main/tests/testthat/test-python-arrays.R). R's `array_reshape` is
// NDArray's `reshape` (both C order, as numpy's); an R logical array is a bool NDArray (a Uint8Array of 0 and 1).
import { afterAll, expect, test } from "vitest";
import { NDArray, py, toJs, tuple } from "../../src/index.js";

afterAll(() => py.shutdown());

const np = py.import("numpy", { convert: false });

/** R's `array(values, dim)`: `values` recycled to fill the shape (in C order here, as numpy fills). */
function array<T extends Int32Array | Uint8Array>(Ctor: new (n: number) => T, values: number[], shape: number[], dtype?: "bool"): NDArray<T> {
  const data = new Ctor(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = values[i % values.length]!;
  return new NDArray(data, shape, dtype);
}

test("test-python-arrays.R: rearray reshapes R, Python vectors similarly", async () => {
  const expectReshape = async (x: NDArray, shape: number[]) => {
    const here = x.reshape(shape);
    const there = await toJs(np.reshape(x, tuple(...shape)));
    expect(there.shape).toEqual(here.shape);
    expect(there.dtype).toBe(here.dtype);
    expect(Array.from(there.data as Int32Array)).toEqual(Array.from(here.data as Int32Array));
  };
  const seq = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  // simple reshaping
  await expectReshape(array(Int32Array, seq(4), [4]), [2, 2]);
  await expectReshape(array(Int32Array, seq(8), [2, 4]), [2, 2, 2]);

  // more complicated reshaping (R's array(1:20, dim = c(2, 3, 4)) recycles 1:20 over its 24 cells)
  const a = array(Int32Array, seq(20), [2, 3, 4]);
  for (const shape of [[2, 12], [12, 2], [2, 6, 2], [6, 2, 2], [2, 2, 3, 2], [3, 2, 2, 2]]) {
    await expectReshape(a, shape);
  }
});

test("test-python-arrays.R: logical arrays convert correctly", async () => {
  const larr = (shape: number[]) => array(Uint8Array, [1, 1, 0], shape, "bool");
  const iarr = (shape: number[]) => array(Int32Array, Array.from({ length: shape.reduce((p, d) => p * d, 1) }, (_, i) => i + 1), shape);

  await py.exec(`
def apply_mask(x, mask):
  if not x.flags.writeable:
    x = x.copy()
  x[mask] = 0
  return x
`);
  const applyMask = py.import("__main__").apply_mask;

  // R's x[mask] <- 0L on a copy.
  const jsApplyMask = (x: NDArray<Int32Array>, mask: NDArray<Uint8Array>) => {
    const data = x.data.slice();
    mask.data.forEach((m, i) => { if (m) data[i] = 0; });
    return new NDArray(data, x.shape);
  };

  for (const shape of [[3], [4], [5], [2, 2], [2, 3], [3, 2], [2, 2, 2], [3, 3, 3], [4, 5, 6], [6, 5, 4],
    [2, 2, 3], [2, 3, 2], [3, 2, 2], [2, 2, 2, 2], [2, 3, 4, 5]]) {
    const jsLogical = larr(shape);
    const jsIndex = iarr(shape);
    const pyLogical = np.asarray(jsLogical);
    const pyIndex = np.asarray(jsIndex);

    // round-tripping gives an identical array
    const logicalBack = await toJs(pyLogical);
    expect([logicalBack.dtype, logicalBack.shape]).toEqual(["bool", shape]);
    expect(logicalBack.data).toEqual(jsLogical.data);
    const indexBack = await toJs(pyIndex);
    expect([indexBack.dtype, indexBack.shape]).toEqual(["int32", shape]);
    expect(indexBack.data).toEqual(jsIndex.data);

    // subsetting: numpy's boolean indexing is in C order, as the NDArray's data is (R sorts: it is column-major)
    const jsSubset = Array.from(jsIndex.data).filter((_, i) => jsLogical.data[i]);
    const pySubset = await toJs(py.x`${pyIndex}[${pyLogical}]`);
    expect(Array.from(pySubset.data as Int32Array)).toEqual(jsSubset);

    // subset assignment works identically
    const expected = jsApplyMask(jsIndex, jsLogical);
    const fromJs = await toJs(applyMask(jsIndex, jsLogical));
    expect(fromJs.shape).toEqual(shape);
    expect(fromJs.data).toEqual(expected.data);
    expect(jsIndex.data).toEqual(iarr(shape).data); // the JS arrays were sent as copies
    const fromPy = await toJs(applyMask(pyIndex, pyLogical));
    expect(fromPy.data).toEqual(jsApplyMask(await toJs(pyIndex) as NDArray<Int32Array>, logicalBack as NDArray<Uint8Array>).data);
  }
});

test("test-python-arrays.R: StringDtype arrays convert correctly", async () => {
  const data = ["this is a longer string", "short string"];
  const x = np.array(data, { dtype: np.dtypes.StringDType() });
  expect((await x.dtype.name) as string).toMatch(/^StringDType/);
  // numpy's variable-width strings (kind "T") come back as an array of strings, as fixed-width ones do
  expect(await toJs(x)).toEqual(data);
  expect(await np.array(data)).toEqual(data);
});
