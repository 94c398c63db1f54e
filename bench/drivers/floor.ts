// The transport's floor: zeromq.js <-> pyzmq with msgpack and nothing else, with the bridge's socket types
// and options; bench/python/floor_server.py is the other end.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pack, unpack } from "msgpackr";
import * as zmq from "zeromq";
import { benchPython } from "../lib/python.js";
import { IMAGES_BYTES } from "../lib/sizes.js";
import type { Driver } from "./driver.js";

export async function floorDriver(): Promise<Driver> {
  const dir = mkdtempSync(join(tmpdir(), "tsreticulate-floor-"));
  const endpoint = `ipc://${join(dir, "floor.sock")}`;
  const script = fileURLToPath(new URL("../python/floor_server.py", import.meta.url));
  const server = spawn(await benchPython(), [script, endpoint], { stdio: ["ignore", "pipe", "inherit"] });
  process.once("exit", () => server.kill()); // never outlives a worker that failed
  await new Promise<void>((resolve, reject) => {
    server.stdout.once("data", () => resolve());
    server.once("exit", (code) => reject(new Error(`the floor server exited (${code})`)));
  });
  const socket = new zmq.Dealer({ linger: 0, sendHighWaterMark: 0, receiveHighWaterMark: 0 });
  socket.connect(endpoint);
  const request = async (kind: string, value: number, frame?: Uint8Array): Promise<Buffer[]> => {
    await socket.send(frame ? [pack([kind, value]), frame] : [pack([kind, value])]);
    return socket.receive();
  };
  const images = new Uint8Array(new Float32Array(IMAGES_BYTES / 4).fill(1).buffer);
  return {
    name: "floor",
    async roundTrip(calls) {
      for (let i = 0; i < calls; i++) unpack((await request("sqrt", i))[0]!);
    },
    async arrayTo() {
      await request("take", 0, images);
      return IMAGES_BYTES;
    },
    async arrayBack() {
      const [, frame] = await request("give", IMAGES_BYTES);
      return frame!.byteLength;
    },
    async close() {
      await request("quit", 0);
      socket.close();
      server.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
