// tsreticulate as a contender: proxies, pipelining and NDArrays, as a user writes them. With `callSites: false`
// (a second contender, round trips and chains only) operations do not record the line that issued them.
import { Bridge, NDArray, py, toJs, type PyObject } from "../../dist/index.js";
import { CHAIN_OPS, IMAGES_ELEMENTS, IMAGES_SHAPE } from "../lib/sizes.js";
import type { Driver } from "./driver.js";

export async function tsreticulateDriver(options: { callSites?: boolean } = {}): Promise<Driver> {
  const withSites = options.callSites !== false;
  let bridge: Bridge = py;
  if (!withSites) {
    bridge = new Bridge();
    bridge.configure({ callSites: false });
  }
  const math = bridge.import("math");
  const torch = bridge.import("torch");
  await torch.zeros(1).dim(); // started, torch imported: start-up is measured on its own
  const images = new NDArray(new Float32Array(IMAGES_ELEMENTS).fill(1), IMAGES_SHAPE);
  const into = new Float32Array(IMAGES_ELEMENTS);
  // Each sample's tensor is made in a py.scope that ends once the sample is over, as in a user's loop: Python
  // then gives its shared file back, and the next sample's array is written into the same (warm) pages.
  let tensor: PyObject = torch.from_numpy(images);
  let endSample = (): void => undefined;
  let sampleScope: Promise<unknown> = Promise.resolve();
  const arrays = {
    async arrayTo() {
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
    async arrayBack() {
      const back = (await toJs(tensor)) as NDArray;
      return back.data.byteLength;
    },
    async arrayBackInto() {
      const back = await toJs(tensor, { into });
      return back.data.byteLength;
    },
    async arrayDone() {
      endSample();
      await sampleScope;
      await torch.zeros(1).dim(); // the release has reached Python
    },
  };
  return {
    name: withSites ? "tsreticulate" : "tsreticulate-nosites",
    async roundTrip(calls) {
      for (let i = 0; i < calls; i++) await math.sqrt(i);
    },
    async chain() {
      // Issued without awaiting, awaited once at the end.
      const list = bridge.builtins.list();
      for (let i = 0; i < CHAIN_OPS; i++) list.append(i);
      const n = await bridge.builtins.len(list);
      if (n !== CHAIN_OPS) throw new Error(`the chain lost operations: ${n}`);
    },
    ...(withSites ? arrays : {}),
    async close() {
      await bridge.shutdown();
    },
  };
}
