// The transport's floor: zeromq.js <-> pyzmq with msgpack and nothing else, with the bridge's socket types
// and options; bench/python/floor_server.py is the other end. One message per call, as the bridge sends one
// message per awaited batch.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pack, unpack } from "msgpackr";
import * as zmq from "zeromq";
import { checkSquareRoots } from "../lib/check.js";
import { benchPython } from "../lib/python.js";
import { IMAGES_BYTES } from "../lib/sizes.js";
import type { Driver } from "./driver.js";

export async function floorDriver(): Promise<Driver> {
  const dir = mkdtempSync(join(tmpdir(), "tsreticulate-floor-"));
  const endpoint = `ipc://${join(dir, "floor.sock")}`;
  const script = fileURLToPath(new URL("../python/floor_server.py", import.meta.url));
  const server = spawn(await benchPython(), [script, endpoint], { stdio: ["ignore", "pipe", "inherit"] });
  process.once("exit", () => server.kill()); // never outlives a child that failed
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
  return {
    name: "floor",
    async roundTrip(calls) {
      for (let i = 0; i < calls; i++) unpack((await request("sqrt", i))[0]!);
    },
    async awaitedMany(calls) {
      // Every request goes out without waiting for an answer (zeromq.js takes one send at a time), while the
      // answers are read as they come.
      const answers = (async () => {
        const values: unknown[] = [];
        for (let i = 0; i < calls; i++) values.push(unpack((await socket.receive())[0]!));
        return values;
      })();
      for (let i = 0; i < calls; i++) await socket.send([pack(["sqrt", i])]);
      checkSquareRoots("floor", await answers, calls);
    },
    async arrays() {
      const images = new Uint8Array(new Float32Array(IMAGES_BYTES / 4).fill(1).buffer);
      return {
        async to() {
          await request("take", 0, images);
          return IMAGES_BYTES;
        },
        async back() {
          const [, frame] = await request("give", IMAGES_BYTES);
          return frame!.byteLength;
        },
      };
    },
    async close() {
      await request("quit", 0);
      socket.close();
      server.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
