// reticulate's tests/testthat/test-python-scipy-sparse-matrix.R
// (https://github.com/rstudio/reticulate/blob/main/tests/testthat/test-python-scipy-sparse-matrix.R): the cases
// that build a scipy sparse matrix from numpy arrays. R's Matrix classes have no JS form: the dense matrix R's
// `as.matrix(py_to_r(m))` gives is `m.toarray()` here, an NDArray, compared with the one built by hand.
import { afterAll, expect, test } from "vitest";
import { py, toJs, tuple } from "../../src/index.js";

afterAll(() => py.shutdown());

const sp = py.import("scipy.sparse", { convert: false });

/** A dense rows x cols matrix in C order, with `value` at each (row, col). */
function dense(rows: number, cols: number, entries: [number, number, number][]): number[] {
  const out = new Array<number>(rows * cols).fill(0);
  for (const [r, c, v] of entries) out[r * cols + c] = v;
  return out;
}

const indices = Int32Array.from([1, 0, 2, 1, 0]);
const indptr = Int32Array.from([0, 3, 5]);
const data = Float64Array.from([2, 1, 3, 5, 4]);

test("test-python-scipy-sparse-matrix.R: Conversion with unsorted values works in csc", async () => {
  const mat = sp.csc_matrix(tuple(data, indices, indptr), { shape: tuple(3, 2) });
  const out = await toJs(mat.toarray());
  expect(out.shape).toEqual([3, 2]);
  // column j holds data[indptr[j]:indptr[j+1]] at rows indices[indptr[j]:indptr[j+1]]
  expect(Array.from(out.data as Float64Array)).toEqual(dense(3, 2, [[1, 0, 2], [0, 0, 1], [2, 0, 3], [1, 1, 5], [0, 1, 4]]));
});

test("test-python-scipy-sparse-matrix.R: Conversion with unsorted values works in csr", async () => {
  const mat = sp.csr_matrix(tuple(data, indices, indptr), { shape: tuple(2, 3) });
  const out = await toJs(mat.toarray());
  expect(out.shape).toEqual([2, 3]);
  expect(Array.from(out.data as Float64Array)).toEqual(dense(2, 3, [[0, 1, 2], [0, 0, 1], [0, 2, 3], [1, 1, 5], [1, 0, 4]]));
});

test("test-python-scipy-sparse-matrix.R: Conversion with unsorted values works in coo", async () => {
  const row = Int32Array.from([1, 0, 2, 1, 0]);
  const col = Int32Array.from([1, 0, 0, 0, 1]);
  const values = Float64Array.from([5, 1, 3, 2, 4]);
  const mat = sp.coo_matrix(tuple(values, tuple(row, col)), { shape: tuple(3, 2) });
  const out = await toJs(mat.toarray());
  expect(out.shape).toEqual([3, 2]);
  expect(Array.from(out.data as Float64Array)).toEqual(dense(3, 2, [[1, 1, 5], [0, 0, 1], [2, 0, 3], [1, 0, 2], [0, 1, 4]]));
});
