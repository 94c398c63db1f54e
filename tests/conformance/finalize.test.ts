// reticulate's tests/testthat/test-finalize.R: at the end of a script Python's atexit handlers and
// weakref.finalize callbacks run, as at the end of a Python script.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, expect, test } from "vitest";
import { py } from "../../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "tsreticulate-finalize-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("test-finalize.R: py_finalize() works", async () => {
  const file = join(dir, "finalized.txt");
  const fixture = fileURLToPath(new URL("./fixtures/finalize.ts", import.meta.url));
  const result = await execa(process.execPath, ["--import", "tsx", fixture, file], { reject: false, timeout: 90_000 });
  expect(result.exitCode, result.stderr).toBe(0);
  const x = readFileSync(file, "utf8").split("\n");
  expect(x).toContain("Foo.finalize ran");
  expect(x).toContain("on_exit finalizer ran");
});

test("test-finalize.R: (issue #13) py.shutdown() runs them too, and reports a failure nothing awaited", async () => {
  const file = join(dir, "shutdown.txt");
  await py.exec(`import atexit\natexit.register(lambda: open(r'${file}', 'a').write('atexit ran\\n'))`);
  py.import("math").sqrt(-1); // never awaited
  const written: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    await py.shutdown();
  } finally {
    process.stderr.write = write;
  }
  expect(readFileSync(file, "utf8")).toBe("atexit ran\n");
  expect(written.join("")).toMatch(/a Python failure nothing awaited: ValueError: math domain error/);
});
