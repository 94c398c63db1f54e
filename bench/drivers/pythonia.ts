// pythonia as a contender, written the way its README shows: `await` on every call, keyword arguments
// through the `$` suffix, values out through valueOf(). It cannot pipeline: every call is awaited before the
// next. Arrays cross as JSON lists, so it moves 1/100 of the bytes and is compared by MB/s.
import { checkSquareRoots } from "../lib/check.js";
import { benchPython } from "../lib/python.js";
import { PYTHONIA_ARRAY_ELEMENTS } from "../lib/sizes.js";
import type { Driver } from "./driver.js";

export async function pythoniaDriver(): Promise<Driver> {
  // pythonia starts its Python process as it loads, from PYTHON_BIN: the same interpreter as the others.
  process.env.PYTHON_BIN ??= await benchPython();
  const { python } = (await import("pythonia")).default;
  const math = await python("math");
  const builtins = await python("builtins");
  return {
    name: "pythonia",
    async roundTrip(calls) {
      for (let i = 0; i < calls; i++) await math.sqrt(i);
    },
    async awaitedMany(calls) {
      const values: unknown[] = [];
      for (let i = 0; i < calls; i++) values.push(await math.sqrt(i));
      checkSquareRoots("pythonia", values, calls);
    },
    async chain(ops) {
      const list = await builtins.list();
      for (let i = 0; i < ops; i++) await list.append(i);
      const n = await builtins.len(list);
      if (n !== ops) throw new Error(`pythonia: the chain lost operations: ${n} of ${ops}`);
    },
    async arrays() {
      const torch = await python("torch");
      const images = new Float32Array(PYTHONIA_ARRAY_ELEMENTS).fill(1);
      let tensor = await torch.zeros(1);
      return {
        async to() {
          tensor = await torch.tensor$(Array.from(images), { dtype: await torch.float32 });
          await tensor.dim();
          return images.byteLength;
        },
        async back() {
          const back = Float32Array.from(await (await tensor.tolist()).valueOf());
          return back.byteLength;
        },
      };
    },
    async close() {
      python.exit();
    },
  };
}
