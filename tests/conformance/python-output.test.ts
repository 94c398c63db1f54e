// reticulate's tests/testthat/test-python-output.R. reticulate captures Python's output into R strings with
// py_capture_output(); here Python's output goes to process.stdout and process.stderr as it is written, so the
// cases check what arrives there.
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import { execa } from "execa";
import { afterAll, afterEach, expect, test, vi } from "vitest";
import { iterate, py } from "../../src/index.js";

afterAll(() => py.shutdown());
afterEach(() => vi.restoreAllMocks());

/** What `fn` makes Python write to process.stdout and process.stderr (Python's output comes with the results). */
async function captureOutput(fn: () => Promise<unknown>): Promise<{ stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    await fn();
  } finally {
    vi.restoreAllMocks();
  }
  return { stdout, stderr };
}

async function captureTestOutput(type: ("stdout" | "stderr")[]) {
  const sys = py.import("sys");
  return captureOutput(async () => {
    if (type.includes("stdout")) sys.stdout.write("out\n");
    if (type.includes("stderr")) sys.stderr.write("err\n");
    await py.eval("None");
  });
}

test("test-python-output.R: Python streams can be captured", async () => {
  expect(await captureTestOutput(["stdout", "stderr"])).toEqual({ stdout: "out\n", stderr: "err\n" });
});

test("test-python-output.R: Python stdout stream can be captured", async () => {
  expect(await captureTestOutput(["stdout"])).toEqual({ stdout: "out\n", stderr: "" });
});

test("test-python-output.R: Python stderr stream can be captured", async () => {
  expect(await captureTestOutput(["stderr"])).toEqual({ stdout: "", stderr: "err\n" });
});

test("test-python-output.R: forked children restore fd-backed Python output streams", async () => {
  // The children write to the file descriptors, which the bridge forwards to its own (a pipe here, read by the
  // child-process machinery, not process.stdout): the case checks the streams a child sees, and that the output
  // does not go to the parent's socket, where it would break the protocol.
  await py.exec(`
import os
import sys

inherited_stdout = sys.stdout
inherited_stderr = sys.stderr
pid = os.fork()

if pid == 0:
    if sys.stdout is not inherited_stdout or sys.stderr is not inherited_stderr:
        os._exit(1)
    sys.stdout.write('fork child stdout\\n')
    sys.stderr.write('fork child stderr\\n')
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)

_, status = os.waitpid(pid, 0)
if status != 0:
    raise RuntimeError('forked child saw other output streams')

class StreamProxy:
    def __init__(self, stream):
        self.stream = stream
    def write(self, message):
        return self.stream.write(message)
    def flush(self):
        return self.stream.flush()

custom_stdout = StreamProxy(sys.__stdout__)
custom_stderr = StreamProxy(sys.__stderr__)
sys.stdout = custom_stdout
sys.stderr = custom_stderr
pid = os.fork()
if pid == 0:
    if sys.stdout is not custom_stdout or sys.stderr is not custom_stderr:
        os._exit(1)
    sys.stdout.write('custom fork child stdout\\n')
    sys.stderr.write('custom fork child stderr\\n')
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)

_, status = os.waitpid(pid, 0)
parent_streams_preserved = sys.stdout is custom_stdout and sys.stderr is custom_stderr
sys.stdout = inherited_stdout
sys.stderr = inherited_stderr
if status != 0:
    raise RuntimeError('forked child did not preserve custom output streams')
if not parent_streams_preserved:
    raise RuntimeError('parent custom output streams were replaced')
`);
  // The parent's own output still arrives, in order, after the children's.
  expect((await captureOutput(async () => await py.exec("print('parent after fork')"))).stdout).toBe("parent after fork\n");
});

test("test-python-output.R: (issue #13) output of forked children reaches the terminal", async () => {
  const fixture = fileURLToPath(new URL("./fixtures/fork-output.ts", import.meta.url));
  const result = await execa(process.execPath, ["--import", "tsx", fixture], { reject: false, timeout: 90_000 });
  expect(result.exitCode, result.stderr).toBe(0);
  expect(result.stdout).toContain("fork child stdout");
  expect(result.stdout).toContain("multiprocessing child 7");
  expect(result.stdout).toContain("parent");
  expect(result.stderr).toContain("fork child stderr");
});

test("test-python-output.R: Python loggers work with py_capture_output", async () => {
  const logging = py.import("logging");
  let output = await captureOutput(async () => {
    const l = logging.getLogger("test.logger");
    l.addHandler(logging.StreamHandler());
    l.setLevel("INFO");
    await l.info("info");
  });
  expect(output.stderr).toBe("info\n");

  const l = logging.getLogger("test.logger2");
  l.addHandler(logging.StreamHandler());
  l.setLevel("INFO");
  output = await captureOutput(async () => await l.info("info"));
  expect(output.stderr).toBe("info\n");
});

test("test-python-output.R: (issue #13) a Python warning about a call from JS names the TypeScript line", async () => {
  const warnings = py.import("warnings");
  const { stderr } = await captureOutput(async () => {
    await warnings.warn("careful"); // the warning's frame is the bridge's: the line below names this one
  });
  expect(stderr).toMatch(/python-output\.test\.ts:\d+:\d+: UserWarning: careful\n/);
  expect(stderr).not.toMatch(/server\.py/);
});

test("test-python-output.R: (issue #13) console.log of a tensor shows its repr", async () => {
  const torch = py.import("torch", { convert: false });
  expect(inspect(await torch.ones(2))).toBe("tensor([1., 1.])");
  // Handed over unasked (iteration items, callback arguments of callback(fn, { convert: false })): summed up, with
  // the values of a small one (torch's own repr costs more than the whole transfer of a DataLoader batch).
  const items: unknown[] = [];
  for await (const t of iterate(torch.ones(2, 3))) items.push(t);
  expect(inspect(items[0])).toBe("<torch.Tensor shape=[3] dtype=torch.float32, device=cpu [1.0, 1.0, 1.0]>");
  const big: unknown[] = [];
  for await (const t of iterate(torch.zeros(2, 100, 100))) big.push(t);
  expect(inspect(big[0])).toBe("<torch.Tensor shape=[100, 100] dtype=torch.float32, device=cpu>");
});
