// One bridge per object: kerasCallback, pyClass, pyIterableWrapper, defaultDevice/toDevice, figurePng and a
// recorded function build their Python objects in the process their arguments live in — a pool worker, a
// py.connect() remote — and not in the global `py`, which this file never starts.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa, type ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BridgeError,
  bridgeOf,
  defaultDevice,
  iterate,
  kerasCallback,
  len,
  py,
  pyClass,
  pyIterableWrapper,
  recordFunction,
  str,
  toDevice,
  toPy,
  tuple,
  writeKeyPair,
  type Bridge,
  type Pool,
  type PyObject,
} from "../../src/index.js";
import { figurePng } from "../../src/workshop/index.js";
import { freePort } from "../support/ports.js";

const cli = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tsreticulate-bridge-of-"));
let server: ResultPromise | undefined;
let remote: Bridge | undefined;
let pool: Pool | undefined;

beforeAll(async () => {
  writeKeyPair(join(dir, "server"));
  const client = writeKeyPair(join(dir, "client"));
  writeFileSync(join(dir, "authorized_keys"), `${client.public}\n`);
  const endpoint = `tcp://127.0.0.1:${await freePort()}`;
  server = execa(
    process.execPath,
    ["--import", "tsx", cli, "serve", "--bind", endpoint, "--key", join(dir, "server"), "--authorized-keys", join(dir, "authorized_keys")],
    { reject: false, stdin: "ignore", all: true, buffer: false },
  );
  let log = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${log}`)), 60_000);
    void server!.then((r) => reject(new Error(`the server exited (${r.exitCode}):\n${log}`)));
    server!.all!.on("data", (d: Buffer) => {
      log += d.toString();
      if (log.includes("listening on")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  remote = py.connect(endpoint, { serverKey: join(dir, "server.pub"), keyFile: join(dir, "client") });
  pool = py.pool(1);
}, 90_000);

afterAll(async () => {
  await Promise.all([remote?.shutdown(), pool?.shutdown()]);
  server?.kill("SIGTERM");
  await server;
  rmSync(dir, { recursive: true, force: true });
});

/** Every helper, on `w`, with the bridge given explicitly where a helper has no Python argument. */
async function everyHelper(w: Bridge): Promise<void> {
  const keras = w.import("keras", { convert: false });
  const torch = w.import("torch", { convert: false });

  const epochs: number[] = [];
  const progress = kerasCallback({ on_epoch_end: (epoch) => void epochs.push(epoch) }, { bridge: w });
  expect(bridgeOf(progress)).toBe(w);

  class Double extends pyClass(keras.layers.Layer) {
    override call(x: PyObject) {
      return keras.ops.multiply(x, 2);
    }
  }
  const input = keras.Input(tuple(4));
  const double = new Double();
  expect(bridgeOf(double)).toBe(w);
  const model = keras.Model(input, keras.layers.Dense(1)(double(input)));
  model.compile({ loss: "mse", optimizer: "sgd" });
  await model.fit({ x: torch.rand(8, 4), y: torch.rand(8, 1), epochs: 2, batch_size: 4, verbose: 0, callbacks: [progress] });
  expect(epochs).toEqual([0, 1]);

  const plusOne = recordFunction((x) => x.__add__(1), 1, { bridge: w });
  expect(bridgeOf(plusOne)).toBe(w);
  expect(await plusOne(41)).toBe(42);

  const device = defaultDevice({ bridge: w });
  expect(bridgeOf(device)).toBe(w);
  expect(await str(device)).toBe("cpu");
  const dataset = torch.utils.data.TensorDataset(torch.rand(6, 3, 2, 2), torch.zeros(6, { dtype: torch.int64 }));
  const loader = torch.utils.data.DataLoader(dataset, { batch_size: 3 });
  const moved = toDevice(loader, { device });
  expect(bridgeOf(moved)).toBe(w);
  for await (const [x, y] of iterate(moved)) {
    expect(await str(x.shape)).toBe("torch.Size([3, 2, 2, 3])");
    expect(await str(y.dtype)).toBe("torch.float32");
    break;
  }
  const labelsPlusOne = pyIterableWrapper(loader, (batch) => batch[1].__add__(1));
  expect(bridgeOf(labelsPlusOne)).toBe(w);
  expect(await len(labelsPlusOne)).toBe(2);
  for await (const labels of iterate(labelsPlusOne)) {
    expect(await str(labels)).toBe("tensor([1, 1, 1])");
    break;
  }

  const plt = w.import("matplotlib.pyplot", { convert: false });
  w.import("matplotlib").use("Agg");
  const png = await figurePng(plt.figure({ figsize: tuple(1, 1) }));
  expect(png.width).toBeGreaterThan(0);
}

describe("helpers on the bridge their arguments belong to", () => {
  it("bridgeOf names a proxy's bridge, and refuses what is not a proxy", async () => {
    const b = remote!.builtins.object();
    expect(bridgeOf(b)).toBe(remote);
    expect(() => bridgeOf(42)).toThrow(/bridgeOf\(\) takes a Python object \(a proxy\), got number/);
    expect(() => defaultDevice({ bridge: {} as Bridge })).toThrow(/option "bridge" must be a Bridge/);
  });

  it("every helper works on a py.connect() remote", async () => {
    await everyHelper(remote!);
  }, 120_000);

  it("every helper works on a pool worker", async () => {
    await pool!.run((worker) => everyHelper(worker));
  }, 120_000);

  it("inside a pool job, helpers with no Python argument default to the job's worker", async () => {
    await pool!.run(async (worker) => {
      const hooks: number[] = [];
      const progress = kerasCallback({ on_train_begin: () => void hooks.push(1) });
      expect(bridgeOf(progress)).toBe(worker);
      expect(bridgeOf(defaultDevice())).toBe(worker);
      expect(bridgeOf(recordFunction((x) => x.__mul__(2), 1))).toBe(worker);
      expect(bridgeOf(toPy([1, 2]))).toBe(worker);
    });
  }, 60_000);

  it("a proxy whose process ended says so, naming the helper", async () => {
    const once = py.pool(1);
    const { loader } = await once.run((w) => ({ loader: w.builtins.list() })); // an object: a proxy would be awaited
    await once.shutdown();
    expect(() => toDevice(loader)).toThrow(BridgeError);
    expect(() => toDevice(loader)).toThrow(/belongs to a Python process that has ended/);
  });
});
