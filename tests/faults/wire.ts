// Test helpers: a tiny msgpack writer with full control over the bytes (hostile headers, raw extensions),
// a seeded random generator, and a bare server process with a raw DEALER socket in front of it.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { execa, type ResultPromise } from "execa";
import * as zmq from "zeromq";
import { decode } from "../../src/bridge/wire/codec.js";
import { resolvePython } from "../../src/bridge/process/environment.js";
import { pythonSourceDir } from "../../src/bridge/process/paths.js";

/** A value written as given: raw msgpack bytes. */
export class Raw {
  constructor(readonly bytes: Buffer) {}
}
/** A msgpack extension with a payload of the given bytes. */
export class Ext {
  constructor(
    readonly code: number,
    readonly payload: Buffer,
  ) {}
}

export function mp(v: unknown): Buffer {
  const parts: Buffer[] = [];
  const w = (x: unknown): void => {
    if (x instanceof Raw) parts.push(x.bytes);
    else if (x instanceof Ext) {
      const h = Buffer.alloc(6);
      h[0] = 0xc9;
      h.writeUInt32BE(x.payload.length, 1);
      h[5] = x.code & 0xff;
      parts.push(h, x.payload);
    } else if (x === null || x === undefined) parts.push(Buffer.from([0xc0]));
    else if (x === true || x === false) parts.push(Buffer.from([x ? 0xc3 : 0xc2]));
    else if (typeof x === "number" && Number.isInteger(x) && Math.abs(x) < 2 ** 31) {
      const b = Buffer.alloc(5);
      b[0] = 0xd2;
      b.writeInt32BE(x, 1);
      parts.push(b);
    } else if (typeof x === "number") {
      const b = Buffer.alloc(9);
      b[0] = 0xcb;
      b.writeDoubleBE(x, 1);
      parts.push(b);
    } else if (typeof x === "bigint") {
      const b = Buffer.alloc(9);
      b[0] = 0xd3;
      b.writeBigInt64BE(x, 1);
      parts.push(b);
    } else if (typeof x === "string") {
      const s = Buffer.from(x, "utf8");
      const h = Buffer.alloc(5);
      h[0] = 0xdb;
      h.writeUInt32BE(s.length, 1);
      parts.push(h, s);
    } else if (Buffer.isBuffer(x)) {
      const h = Buffer.alloc(5);
      h[0] = 0xc6;
      h.writeUInt32BE(x.length, 1);
      parts.push(h, x);
    } else if (Array.isArray(x)) {
      const h = Buffer.alloc(5);
      h[0] = 0xdd;
      h.writeUInt32BE(x.length, 1);
      parts.push(h);
      for (const i of x) w(i);
    } else if (x instanceof Map) {
      const h = Buffer.alloc(5);
      h[0] = 0xdf;
      h.writeUInt32BE(x.size, 1);
      parts.push(h);
      for (const [k, i] of x) {
        w(k);
        w(i);
      }
    } else throw new Error(`mp: cannot write ${typeof x}`);
  };
  w(v);
  return Buffer.concat(parts);
}

/** A handle reference as the client writes it (EXT_REF around an int). */
// The protocol's codes, for the tests that write messages by hand (fuzz.test.ts): from codes.ts, never restated.
import { Ext as ExtCode, Msg, Replied } from "../../src/bridge/wire/codes.js";
export { Ext as ExtCode, Msg, Op, Replied, ValueMode } from "../../src/bridge/wire/codes.js";

export const ref = (id: number | bigint | unknown) => new Ext(ExtCode.REF, mp(id));

/** mulberry32: small, seeded, good enough to pick fuzz cases reproducibly. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    bytes: (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256))),
  };
}

export interface BareServer {
  pid: number;
  endpoint: string;
  child: ResultPromise;
  /** A raw DEALER connected to the server; replies are decoded and kept by op id / kind. */
  client(): RawClient;
  rssKiB(): number;
  stop(): Promise<void>;
}

export async function startBareServer(): Promise<BareServer> {
  const python = await resolvePython(undefined);
  const dir = mkdtempSync(join(tmpdir(), "tsreticulate-fuzz-"));
  const endpoint = `ipc://${join(dir, "s.sock")}`;
  const child = execa(python, ["-u", "-m", "tsreticulate", "--endpoint", endpoint, "--parent-pid", String(process.pid)], {
    env: { PYTHONPATH: [pythonSourceDir, process.env.PYTHONPATH].filter(Boolean).join(delimiter) },
    stdin: "ignore",
    reject: false,
    buffer: { stdout: false, stderr: true },
  });
  const clients: RawClient[] = [];
  return {
    pid: child.pid!,
    endpoint,
    child,
    client() {
      const c = new RawClient(endpoint);
      clients.push(c);
      return c;
    },
    rssKiB() {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      return Number(m![1]);
    },
    async stop() {
      for (const c of clients) c.close();
      child.kill("SIGKILL");
      await child;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export class RawClient {
  readonly socket: zmq.Dealer;
  readonly counts = new Map<number, number>();
  private readonly waiting = new Map<number, (msg: unknown[]) => void>();
  private closed = false;

  constructor(endpoint: string) {
    this.socket = new zmq.Dealer({ linger: 0, receiveHighWaterMark: 0, sendHighWaterMark: 0 });
    this.socket.connect(endpoint);
    void this.loop();
  }

  async send(frames: Buffer[]): Promise<void> {
    await this.socket.send(frames);
  }

  /** Sends a batch and waits for the message that answers op `opId` (REPLY or ERROR), bounded in time. */
  async call(batchId: number, ops: unknown[][], opId: number, timeoutMs = 30_000): Promise<unknown[]> {
    const answer = new Promise<unknown[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to op ${opId} within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.set(opId, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
    await this.send([mp([batchId, null, ops])]);
    return answer;
  }

  private async loop(): Promise<void> {
    try {
      for await (const frames of this.socket) {
        const msg = decode(frames[0]!) as unknown[];
        const kind = msg[0] as number;
        this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
        // MSG_REPLIES carries several answers: each is handed on as the lone REPLY or ERROR it stands for.
        const answers: unknown[][] =
          kind === Msg.REPLIES
            ? (msg[1] as [number, number, unknown][]).map(([op, status, payload]) => [status === Replied.VALUE ? Msg.REPLY : Msg.ERROR, op, payload])
            : [msg];
        for (const answer of answers) {
          const answerKind = answer[0] as number;
          if ((answerKind === Msg.REPLY || answerKind === Msg.ERROR) && typeof answer[1] === "number") {
            this.waiting.get(answer[1])?.(answer);
            this.waiting.delete(answer[1]);
          }
        }
      }
    } catch {
      if (!this.closed) throw new Error("raw client socket failed");
    }
  }

  close(): void {
    this.closed = true;
    this.socket.close();
  }
}
