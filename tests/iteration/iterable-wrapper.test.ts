// pyIterableWrapper, defaultDevice and toDevice: the workshop's "DataLoader, wrapper with device transform,
// py_for" block, against real torch, torchvision and Keras.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  BREAK,
  PythonError,
  defaultDevice,
  iterate,
  len,
  py,
  pyFor,
  pyIterableWrapper,
  str,
  toDevice,
  toJs,
  tuple,
  type PyObject,
} from "../../src/index.js";

// The workshop's ImageFolder tree, as the repository carries it (data/README.md gives its provenance).
const SAMPLE_IMAGES = resolve(__dirname, "../../data/sample_images");
const root = mkdtempSync(join(tmpdir(), "tsreticulate-imagefolder-"));
const IMAGES_PER_CLASS = 12;
const SIDE = 8;

afterAll(async () => {
  await py.shutdown();
  rmSync(root, { recursive: true, force: true });
});

const torch = py.import("torch", { convert: false });
const tv = py.import("torchvision", { convert: false });

beforeAll(async () => {
  // A small ImageFolder tree: two classes of random 8x8 RGB PNG files, written with PIL through the bridge.
  const np = py.import("numpy", { convert: false });
  const Image = py.import("PIL.Image", { convert: false });
  const os = py.import("os");
  const rng = np.random.default_rng(0);
  for (const cls of ["cat", "dog"]) {
    os.makedirs(join(root, cls), { exist_ok: true });
    for (let i = 0; i < IMAGES_PER_CLASS; i++) {
      const pixels = rng.integers(0, 255, tuple(SIDE, SIDE, 3), { dtype: np.uint8 });
      Image.fromarray(pixels).save(join(root, cls, `${i}.png`));
    }
  }
  await py.stats(); // waits for the writes
});

/** The workshop's wrapper function, line for line. */
function workshopLoader(dataloader: PyObject, device: PyObject): PyObject {
  return pyIterableWrapper(dataloader, (batch) => {
    batch[0] = batch[0].permute(0, 2, 3, 1);
    batch[0] = batch[0].to({ device, dtype: torch.float32 });
    batch[1] = batch[1].to({ device, dtype: torch.float32 });
    return tuple(batch[0], batch[1]);
  });
}

async function workshopBlock(imagesRoot: string): Promise<string[]> {
  const dataset = tv.datasets.ImageFolder({ root: imagesRoot, transform: tv.transforms.ToTensor() });
  const device = defaultDevice();
  const dataloader = torch.utils.data.DataLoader(dataset, { batch_size: 10, shuffle: true });
  const myLoader = workshopLoader(dataloader, device);
  const lines: string[] = [];
  await pyFor(myLoader, async ([x, y]) => {
    lines.push(`Images: ${await str(x.shape)}, ${await str(x.dtype)}, ${await str(x.device)}`);
    lines.push(`Labels: ${await str(y.shape)}, ${await str(y.dtype)}, ${await str(y.device)}`);
    return BREAK;
  });
  for await (const [x, y] of iterate(myLoader)) {
    lines.push(`Images: ${await str(x.shape)}, ${await str(x.dtype)}, ${await str(x.device)}`);
    lines.push(`Labels: ${await str(y.shape)}, ${await str(y.dtype)}, ${await str(y.device)}`);
    break;
  }
  return lines;
}

describe("the workshop's DataLoader block", () => {
  it("runs against an ImageFolder tree made by the test", async () => {
    const lines = await workshopBlock(root);
    expect(lines).toEqual([
      `Images: torch.Size([10, ${SIDE}, ${SIDE}, 3]), torch.float32, cpu`,
      "Labels: torch.Size([10]), torch.float32, cpu",
      `Images: torch.Size([10, ${SIDE}, ${SIDE}, 3]), torch.float32, cpu`,
      "Labels: torch.Size([10]), torch.float32, cpu",
    ]);
  });

  it("runs against data/sample_images", async () => {
    const lines = await workshopBlock(SAMPLE_IMAGES);
    for (const l of lines) console.log(l);
    expect(lines[0]).toBe("Images: torch.Size([10, 32, 32, 3]), torch.float32, cpu");
    expect(lines[1]).toBe("Labels: torch.Size([10]), torch.float32, cpu");
  });

  it("defaultDevice() is an available device, where current_accelerator() may name an absent one", async () => {
    const available = await torch.cuda.is_available();
    expect(await str(defaultDevice())).toBe(available ? "cuda" : "cpu");
  });
});

describe("pyIterableWrapper", () => {
  const loaderOf = (batchSize: number) =>
    torch.utils.data.DataLoader(tv.datasets.ImageFolder({ root, transform: tv.transforms.ToTensor() }), {
      batch_size: batchSize,
    });

  it("keeps len() and re-iterates for a second epoch", async () => {
    const dataloader = loaderOf(5);
    const wrapper = workshopLoader(dataloader, defaultDevice());
    expect(await len(wrapper)).toBe(await len(dataloader));
    expect(await len(wrapper)).toBe(Math.ceil((2 * IMAGES_PER_CLASS) / 5));
    const count = py.eval("lambda it: sum(1 for _ in it)");
    expect(await count(wrapper)).toBe(5);
    expect(await count(wrapper)).toBe(5);
  });

  it("records a Python-only function: Python runs it per batch with no round trip to TypeScript", async () => {
    const session = py.current();
    const callbacks = vi.spyOn((session as unknown as { callbacks: { run: () => void } }).callbacks, "run");
    // 100 batches of 4 images each: a TensorDataset, as fast as a loader gets.
    const dataset = torch.utils.data.TensorDataset(torch.rand(400, 3, SIDE, SIDE), torch.zeros(400));
    const dataloader = torch.utils.data.DataLoader(dataset, { batch_size: 4 });
    const wrapper = workshopLoader(dataloader, defaultDevice());
    expect(await str(wrapper.fn)).toMatch(/^<recorded JS function/);
    const shapes = py.eval("lambda it: [tuple(x.shape) for x, y in it]");
    const seen = (await shapes(wrapper)) as number[][];
    expect(seen.length).toBe(100);
    expect(seen[0]).toEqual([4, SIDE, SIDE, 3]);
    expect(callbacks).not.toHaveBeenCalled();

    // The same loop with a function that awaits: a JS callback per batch, which the counter does see.
    const viaCallback = pyIterableWrapper(dataloader, async (batch) => {
      await Promise.resolve();
      return tuple(batch[0].permute(0, 2, 3, 1), batch[1]);
    });
    expect(await str(viaCallback.fn)).toMatch(/JavaScript function/);
    const seenAgain = (await shapes(viaCallback)) as number[][];
    expect(seenAgain).toEqual(seen);
    expect(callbacks).toHaveBeenCalledTimes(100);
    // Iterated from TypeScript, the callbacks run inside the pulls (Python calls back while it pulls).
    let n = 0;
    for await (const [x] of iterate(viaCallback)) if (n++ === 0) expect(await str(x.shape)).toBe(`torch.Size([4, ${SIDE}, ${SIDE}, 3])`);
    expect(n).toBe(100);
    expect(callbacks).toHaveBeenCalledTimes(200);
    callbacks.mockRestore();
  });

  it("model.fit(myLoader, { epochs: 2 }) trains on the wrapper", async () => {
    const keras = py.import("keras", { convert: false });
    const myLoader = workshopLoader(loaderOf(8), defaultDevice());
    const input = keras.Input(tuple(SIDE, SIDE, 3));
    let x = keras.layers.Flatten()(input);
    x = keras.layers.Dense(4, { activation: "relu" })(x);
    const output = keras.layers.Dense(1, { activation: "sigmoid" })(x);
    const model = keras.Model(input, output);
    model.compile({ loss: "binary_crossentropy", optimizer: "sgd", metrics: ["accuracy"] });
    const history = model.fit(myLoader, { epochs: 2, verbose: 0 });
    const losses = (await toJs(history.history.get("loss"))) as number[];
    expect(losses.length).toBe(2);
    for (const l of losses) expect(Number.isFinite(l)).toBe(true);
  });

  it("an exception in the wrapped iterable or in the function rejects the loop with a PythonError", async () => {
    await py.exec("def two_then_fail():\n    yield [1]\n    yield [2]\n    raise RuntimeError('loader broke')\n");
    const main = py.import("__main__", { convert: false });
    const wrapped = pyIterableWrapper(main.two_then_fail(), (b) => b[0]);
    const got: unknown[] = [];
    const err = await pyFor(wrapped, async (v) => {
      got.push(await toJs(v));
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(got).toEqual([1, 2]);
    expect(err).toBeInstanceOf(PythonError);
    expect((err as PythonError).pythonMessage).toBe("loader broke");
    expect((err as PythonError).pythonTraceback).toContain("two_then_fail");

    const badKey = pyIterableWrapper(main.two_then_fail(), (b) => b[5]);
    const err2 = await pyFor(badKey, () => undefined).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err2 as PythonError).type).toBe("IndexError");
  });

  it("refuses what is not a Python iterable or not a function", () => {
    expect(() => pyIterableWrapper([1, 2], (b) => b)).toThrow(/takes a Python iterable \(a proxy\)/);
    expect(() => pyIterableWrapper(py.eval("[1]"), 3 as never)).toThrow(/takes a function/);
  });
});

describe("toDevice", () => {
  it("moves batches to the device, channels last, in Python, and keeps len()", async () => {
    const dataloader = torch.utils.data.DataLoader(
      tv.datasets.ImageFolder({ root, transform: tv.transforms.ToTensor() }),
      { batch_size: 10 },
    );
    const onDevice = toDevice(dataloader, { device: defaultDevice() });
    expect(await len(onDevice)).toBe(await len(dataloader));
    expect(await py.eval("lambda l, cls: isinstance(l, cls)")(onDevice, torch.utils.data.DataLoader)).toBe(true);
    for await (const [x, y] of iterate(onDevice)) {
      expect(await str(x.shape)).toBe(`torch.Size([10, ${SIDE}, ${SIDE}, 3])`);
      expect(await str(x.dtype)).toBe("torch.float32");
      expect(await str(y.dtype)).toBe("torch.float32");
      expect(await str(x.device)).toBe(await str(defaultDevice()));
      break;
    }
    const nchw = toDevice(dataloader, { channelsLast: false, dtype: "float64", labelDtype: torch.int64 });
    for await (const [x, y] of iterate(nchw)) {
      expect(await str(x.shape)).toBe(`torch.Size([10, 3, ${SIDE}, ${SIDE}])`);
      expect(await str(x.dtype)).toBe("torch.float64");
      expect(await str(y.dtype)).toBe("torch.int64");
      break;
    }
  });

  it("names a bad option", async () => {
    const dataloader = py.eval("[]");
    expect(() => toDevice(dataloader, { channelLast: true } as never)).toThrow(/unknown option "channelLast"/);
    expect(() => toDevice(dataloader, { channelsLast: "yes" } as never)).toThrow(/channelsLast must be a boolean/);
    const bad = toDevice(torch.utils.data.DataLoader(py.eval("[1]")), { dtype: "float33" });
    await expect(len(bad)).rejects.toThrow(/dtype must be a torch dtype or its name/);
  });
});
