// reticulate's tests/testthat/test-multiprocessing.R
// (https://github.com/rstudio/reticulate/blob/main/tests/testthat/test-multiprocessing.R): the bridge's Python
// process forks (multiprocessing's default start method on Linux) and the children run and exit cleanly.
import { afterAll, expect, test } from "vitest";
import { py, tuple } from "../../src/index.js";

afterAll(() => py.shutdown());

test("test-multiprocessing.R: multiprocessing works", async () => {
  const mp = py.import("multiprocessing");
  const queue = mp.Queue();

  for (let i = 1; i <= 3; i++) {
    const p = mp.Process({ target: queue.put, args: tuple(i) });
    p.start();
    p.join({ timeout: 30 }); // reticulate joins with no timeout; one here so that a stuck child fails, not hangs
    expect(await p.exitcode).toBe(0);
  }

  expect(await queue.get({ timeout: 10 })).toBe(1);
  expect(await queue.get({ timeout: 10 })).toBe(2);
  expect(await queue.get({ timeout: 10 })).toBe(3);
});
