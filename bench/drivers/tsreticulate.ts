// tsreticulate as a contender: proxies, pipelining and NDArrays, as a user writes them. With `callSites: false`
// (a contender of its own, for the call workloads) operations do not record the line that issued them.
import { Bridge, NDArray, py, toJs, type PyObject } from "../../dist/index.js";
import { checkSquareRoots } from "../lib/check.js";
import { IMAGES_ELEMENTS, IMAGES_SHAPE } from "../lib/sizes.js";
import type { ArrayTransfers, Driver } from "./driver.js";

export async function tsreticulateDriver(options: { callSites?: boolean } = {}): Promise<Driver> {
  const withSites = options.callSites !== false;
  let bridge: Bridge = py;
  if (!withSites) {
    bridge = new Bridge();
    bridge.configure({ callSites: false });
  }
  const name = withSites ? "tsreticulate" : "tsreticulate-nosites";
  const math = bridge.import("math");
  await math.sqrt(1); // started: start-up is measured on its own
  return {
    name,
    async roundTrip(calls) {
      for (let i = 0; i < calls; i++) await math.sqrt(i);
    },
    async awaitedMany(calls) {
      // The script: every call issued at once, every result awaited.
      const pending: Promise<unknown>[] = [];
      for (let i = 0; i < calls; i++) pending.push(math.sqrt(i));
      checkSquareRoots(name, await Promise.all(pending), calls);
    },
    async chain(ops) {
      // Issued without awaiting, awaited once at the end.
      const list = bridge.builtins.list();
      for (let i = 0; i < ops; i++) list.append(i);
      const n = await bridge.builtins.len(list);
      if (n !== ops) throw new Error(`${name}: the chain lost operations: ${n} of ${ops}`);
    },
    ...(withSites ? { arrays: () => arrayTransfers(bridge) } : {}),
    async close() {
      await bridge.shutdown();
    },
  };
}

async function arrayTransfers(bridge: Bridge): Promise<ArrayTransfers> {
  const torch = bridge.import("torch");
  await torch.zeros(1).dim(); // torch imported before the first sample
  const images = new NDArray(new Float32Array(IMAGES_ELEMENTS).fill(1), IMAGES_SHAPE);
  const into = new Float32Array(IMAGES_ELEMENTS);
  // Each sample's tensor is made in a py.scope that ends once the sample is over, as in a user's loop: Python
  // then gives its shared file back, and the next sample's array is written into the same (warm) pages.
  let tensor: PyObject = torch.from_numpy(images);
  let endSample = (): void => undefined;
  let sampleScope: Promise<unknown> = Promise.resolve();
  return {
    async to() {
      await new Promise<void>((made) => {
        sampleScope = bridge.scope(async () => {
          tensor = torch.from_numpy(images);
          await tensor.dim();
          made();
          await new Promise<void>((end) => (endSample = end));
        });
      });
      return images.data.byteLength;
    },
    async back() {
      const back = (await toJs(tensor)) as NDArray;
      return back.data.byteLength;
    },
    async backInto() {
      const back = await toJs(tensor, { into });
      return back.data.byteLength;
    },
    async done() {
      endSample();
      await sampleScope;
      await torch.zeros(1).dim(); // the release has reached Python
    },
  };
}
