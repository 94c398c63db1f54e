// `tsreticulate serve`'s Python server dies with the Node wrapper that started it, as a local child does: a
// wrapper killed outright (SIGKILL, which runs no handler) once left the server listening, and a restart then
// failed with "Address already in use".
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { py, writeKeyPair } from "../../src/index.js";
import { waitGone } from "../support/processes.js";
import { freePort } from "../support/ports.js";

const cli = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tsreticulate-serve-life-"));
const key = (name: string) => join(dir, name);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startServe(endpoint: string) {
  const child = execa(process.execPath, ["--import", "tsx", cli, "serve", "--bind", endpoint, "--key", key("server"), "--authorized-keys", key("authorized_keys")], {
    reject: false,
    stdin: "ignore",
    all: true,
    buffer: false,
  });
  const listening = new Promise<void>((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${log}`)), 60_000);
    child.all!.on("data", (d: Buffer) => {
      log += d.toString();
      if (log.includes("listening on")) {
        clearTimeout(timer);
        resolve();
      }
    });
    void child.then((r) => reject(new Error(`the server exited (${r.exitCode}):\n${log}`)));
  });
  return { child, listening };
}

describe("tsreticulate serve", () => {
  it("its Python server exits when the wrapper is killed with SIGKILL, and the address can be bound again", async () => {
    writeKeyPair(key("server"));
    writeKeyPair(key("alice"));
    writeFileSync(key("authorized_keys"), readFileSync(key("alice.pub"), "utf8"));
    const endpoint = `tcp://127.0.0.1:${await freePort()}`;
    const first = startServe(endpoint);
    await first.listening;
    const alice = py.connect(endpoint, { serverKey: key("server.pub"), keyFile: key("alice") });
    const serverPid = (await alice.eval("__import__('os').getpid()")) as number;
    await alice.shutdown();
    first.child.kill("SIGKILL");
    await first.child;
    expect(await waitGone(serverPid)).toBe(true);
    const second = startServe(endpoint);
    await second.listening;
    second.child.kill("SIGTERM");
    await second.child;
  });
});
