// Remote workers over loopback TCP: `tsreticulate keygen`, `tsreticulate serve` with CurveZMQ and an
// authorised-keys file, py.connect() from an authorised client (works, arrays cross as locally, aborts
// work), an unauthorised one (refused, with a clear error on its side), handles scoped per connection.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa, type ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AbortError, BridgeError, NDArray, generateKeyPair, py, toJs, writeKeyPair, type Bridge } from "../../src/index.js";
import { freePort } from "../support/ports.js";

const cli = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "tsreticulate-remote-"));
const key = (name: string) => join(dir, name);
let server: ResultPromise | undefined;
let endpoint = "";
let serverLog = "";
const CLIENT_TIMEOUT_S = 2;
const bridges: Bridge[] = [];

function keygen(name: string) {
  return execa(process.execPath, ["--import", "tsx", cli, "keygen", key(name)], { reject: false });
}

function connect(keyFile: string, extra: Record<string, unknown> = {}): Bridge {
  const b = py.connect(endpoint, { serverKey: key("server.pub"), keyFile, ...extra });
  bridges.push(b);
  return b;
}

/** The server's connection count as `watcher` sees it, once below `count` (or at `timeoutMs`). */
async function connectionsBelow(watcher: Bridge, count: number, timeoutMs: number): Promise<number> {
  let now = count;
  for (const end = Date.now() + timeoutMs; now >= count && Date.now() < end; ) {
    await new Promise((r) => setTimeout(r, 100));
    now = (await watcher.stats()).connections;
  }
  return now;
}

beforeAll(async () => {
  for (const name of ["server", "alice", "mallory"]) {
    const r = await keygen(name);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/public key: \S{40}/);
  }
  // "#" is one of Z85's characters: a key holding one must not be read as a comment (it once was).
  let hashy = generateKeyPair();
  for (let i = 0; i < 200 && !hashy.public.includes("#"); i++) hashy = generateKeyPair();
  writeKeyPair(key("hashy"), hashy, "hashy@test");
  writeFileSync(
    key("authorized_keys"),
    `# who may connect\n${readFileSync(key("alice.pub"), "utf8")}\n  ${readFileSync(key("hashy.pub"), "utf8")}`,
  );
  endpoint = `tcp://127.0.0.1:${await freePort()}`;
  server = execa(
    process.execPath,
    [
      "--import", "tsx", cli, "serve", "--bind", endpoint, "--key", key("server"), "--authorized-keys", key("authorized_keys"),
      // Short, so that a vanished client is forgotten within a test (the default is 300 s).
      "--client-timeout", String(CLIENT_TIMEOUT_S),
    ],
    { reject: false, stdin: "ignore", all: true, buffer: false },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${serverLog}`)), 60_000);
    void server!.then((r) => reject(new Error(`the server exited (${r.exitCode}):\n${serverLog}`)));
    server!.all!.on("data", (d: Buffer) => {
      serverLog += d.toString();
      if (serverLog.includes("listening on")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
});

afterAll(async () => {
  await Promise.all(bridges.map((b) => b.shutdown()));
  server?.kill("SIGTERM");
  await server;
  rmSync(dir, { recursive: true, force: true });
});

describe("keygen", () => {
  it("writes a secret key readable by its owner only, and the public key apart", () => {
    expect(statSync(key("server")).mode & 0o777).toBe(0o600);
    const pair = JSON.parse(readFileSync(key("server"), "utf8")) as { public: string; secret: string };
    expect(readFileSync(key("server.pub"), "utf8").split(" ")[0]).toBe(pair.public);
    expect(serverLog).toContain(`server key: ${pair.public}`);
  });

  it("refuses to overwrite a key", async () => {
    const r = await keygen("server");
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/exists/);
  });
});

describe("an authorised client", () => {
  it("runs Python on the server", async () => {
    const alice = connect(key("alice"));
    expect(await alice.eval("6 * 7")).toBe(42);
    expect(await alice.eval("__import__('os').getpid()")).not.toBe(process.pid);
    expect(await alice.x`[${"a"}] * ${3}`).toEqual(["a", "a", "a"]); // py.x on a remote bridge
  });

  it("is let in whatever characters its key holds", async () => {
    expect(readFileSync(key("hashy.pub"), "utf8")).toContain("#");
    expect(await connect(key("hashy")).eval("'in'")).toBe("in");
  });

  it("sends and receives arrays exactly as over a local connection", async () => {
    const alice = connect(key("alice"));
    const data = Float32Array.from({ length: 6 * 1000 }, (_, i) => Math.sin(i));
    const x = new NDArray(data, [6, 1000]);
    const np = alice.import("numpy");
    const back = (await np.asarray(x)) as NDArray;
    expect(back).toBeInstanceOf(NDArray);
    expect(back.shape).toEqual([6, 1000]);
    expect(back.dtype).toBe("float32");
    expect(Buffer.from(back.data.buffer, back.data.byteOffset, back.data.byteLength)).toEqual(Buffer.from(data.buffer));
    expect(await np.sum(x, { dtype: np.float64 })).toBeCloseTo(data.reduce((s, v) => s + v, 0), 3);
    // A large one into the caller's buffer: a remote server has no shared folder, the bytes come as a frame.
    const into = new Float32Array(1 << 19);
    const filled = await toJs(np.full(1 << 19, 2.5, { dtype: np.float32 }), { into });
    expect(filled.data).toBe(into);
    expect([into[0], into[(1 << 19) - 1]]).toEqual([2.5, 2.5]);
  });

  it("can abort a remote call (the interrupt travels over the encrypted control channel)", async () => {
    const alice = connect(key("alice"));
    const started = Date.now();
    await expect(
      alice.withSignal(AbortSignal.timeout(300), () => alice.eval("__import__('time').sleep(60)")),
    ).rejects.toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(10_000); // generous: the sleep alone is 60 s
    expect(await alice.eval("'next'")).toBe("next");
  });

  it("sees only its own handles: two connections using the same handle ids do not mix", async () => {
    const a = connect(key("alice"));
    const b = connect(key("alice"));
    const x = a.eval("'from a'");
    const y = b.eval("'from b'");
    expect(await x).toBe("from a");
    expect(await y).toBe("from b");
    expect((await a.stats()).connections).toBeGreaterThanOrEqual(2);
  });

  it("leaves no handles behind on the server when it shuts down", async () => {
    const watcher = connect(key("alice"));
    const leaving = py.connect(endpoint, { serverKey: key("server.pub"), keyFile: key("alice") });
    expect(await leaving.eval("'here'")).toBe("here");
    const before = (await watcher.stats()).connections;
    await leaving.shutdown();
    expect(await connectionsBelow(watcher, before, 5_000)).toBe(before - 1);
  });

  it("forgets, with its objects, a client that vanished without a word, after --client-timeout", async () => {
    const watcher = connect(key("alice"));
    const vanishing = py.connect(endpoint, { serverKey: key("server.pub"), keyFile: key("alice") });
    expect(await vanishing.eval("'here'")).toBe("here");
    const before = (await watcher.stats()).connections;
    // Its sockets close with no goodbye, as when its machine is switched off.
    vanishing.current().die(new BridgeError("vanished on purpose"));
    expect(await connectionsBelow(watcher, before, 10_000)).toBe(before - 1);
  });

  it("keeps an idle client that is still there past --client-timeout (it sends its presence)", async () => {
    const idle = connect(key("alice"));
    const kept = idle.eval("[1, 2, 3]");
    expect(await idle.builtins.len(kept)).toBe(3);
    await new Promise((r) => setTimeout(r, (CLIENT_TIMEOUT_S + 1.5) * 1000));
    expect(await idle.builtins.len(kept)).toBe(3); // its objects are still there
  });
});

describe("an unlisted client", () => {
  it("is refused, with a clear error on its side", async () => {
    const mallory = connect(key("mallory"));
    const error = await mallory.eval("1").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BridgeError);
    expect((error as Error).message).toMatch(/refused this client/);
    expect((error as Error).message).toContain(JSON.parse(readFileSync(key("mallory"), "utf8")).public);
    // The server's log line travels through its stderr pipe, which may deliver it after the client's error.
    for (let i = 0; i < 100 && !/refused .*is not in/.test(serverLog); i++) await new Promise((r) => setTimeout(r, 50));
    expect(serverLog).toMatch(/refused .*is not in/);
  });

  it("is refused when it has no key the server knows, even with a fresh one", async () => {
    const pair = generateKeyPair();
    const stranger = connect("", { keyFile: undefined, publicKey: pair.public, secretKey: pair.secret });
    await expect(stranger.eval("1")).rejects.toThrow(/refused this client/);
  });

  it("cannot connect without giving the server's key", () => {
    expect(() => py.connect(endpoint, {} as never)).toThrow(/serverKey/);
  });
});
