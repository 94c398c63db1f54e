// The memory floor of the array workload: the same bytes copied by Node alone. Where a buffer comes from
// decides the speed: fresh memory pays for its first touch, a buffer written before does not.
import { IMAGES_BYTES } from "../lib/sizes.js";
import type { Driver } from "./driver.js";

export async function memoryDriver(): Promise<Driver> {
  const source = Buffer.from(new Float32Array(IMAGES_BYTES / 4).fill(1).buffer);
  const reused = Buffer.alloc(IMAGES_BYTES);
  return {
    name: "memory",
    async arrays() {
      return {
        // "to": into a fresh buffer, as every received ZeroMQ message is; "back": into a reused one.
        to: async () => source.copy(Buffer.allocUnsafe(IMAGES_BYTES)),
        back: async () => source.copy(reused),
      };
    },
    async close() {},
  };
}
