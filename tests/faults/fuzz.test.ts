// Hostile input: at least 10,000 malformed or hostile messages, seeded, over the server's own socket (ipc,
// loopback only). The server answers each with an error or drops it, never crashes, does not grow without
// bound, and a normal call afterwards succeeds. Handles are scoped to their connection.
import * as zmq from "zeromq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decode } from "../../src/bridge/wire/codec.js";
import { Ext, ExtCode, Msg, Op, Raw, ValueMode, mp, ref, seeded, startBareServer, type BareServer, type RawClient } from "./wire.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const MESSAGES = 12_000;
const TIME_LIMIT_MS = 240_000;
const CHECK_EVERY = Number(process.env.FUZZ_CHECK_EVERY ?? 500);

const { IMPORT, GETATTR, GETITEM, SETATTR, SETITEM, DELATTR, DELITEM, CALL, CALLMETHOD, VALUE, RELEASE } = Op;
const { CALLBACK_RETURN, STATS, EXEC, EVAL, ITER_NEXT, RECORD } = Op;
const { REPLY: MSG_REPLY, ERROR: MSG_ERROR, PROTOCOL_ERROR: MSG_PROTOCOL_ERROR } = Msg;
const { CONVERT, HANDLE } = ValueMode;

let server: BareServer;
let client: RawClient;
let nextBatch = 1_000_000;
let nextOp = 1_000_000;

// Refs the fuzz may create results under: few, so the handle table stays bounded however long it runs.
const SCRATCH_REFS = [100, 101, 102, 103, 104, 105, 106, 107];
// Set up once: 1 = builtins, 2 = builtins.len, 3 = types.SimpleNamespace(), 4 = a list, 5 = released.
async function setUp(c: RawClient): Promise<void> {
  const op = nextOp++;
  const answer = await c.call(nextBatch++, [
    [IMPORT, nextOp++, 1, "builtins"],
    [GETATTR, nextOp++, 2, 1, "len"],
    [IMPORT, nextOp++, 10, "types"],
    [CALLMETHOD, nextOp++, 3, 10, "SimpleNamespace", [], null],
    [CALLMETHOD, nextOp++, 4, 1, "list", [], null],
    [IMPORT, nextOp++, 5, "math"],
    [RELEASE, nextOp++, [5]],
    [VALUE, op, 2, HANDLE],
  ], op);
  expect(answer[0], JSON.stringify(answer).slice(0, 500)).toBe(MSG_REPLY);
}

async function healthy(c: RawClient, timeoutMs = 30_000): Promise<Record<string, number>> {
  const op = nextOp++;
  const answer = await c.call(nextBatch++, [[STATS, op]], op, timeoutMs);
  expect(answer[0], JSON.stringify(answer).slice(0, 300)).toBe(MSG_REPLY);
  return answer[2] as Record<string, number>;
}

type Rng = ReturnType<typeof seeded>;

function hostileValue(r: Rng, depth = 0): unknown {
  const choices: (() => unknown)[] = [
    () => r.int(-(2 ** 31), 2 ** 31 - 1),
    () => r.pick([0n, -1n, 2n ** 62n, -(2n ** 63n)]),
    () => r.next() * 1e300,
    () => r.pick(["", "x", "\u0000", "é".repeat(r.int(1, 50)), ")(".repeat(r.int(1, 5))]),
    () => null,
    () => r.bytes(r.int(0, 64)),
    () => ref(r.int(-5, 2 ** 31)), // unknown handles
    () => ref(5), // a released handle
    () => ref(r.pick([null, "x", [1], 1.5])), // nonsense handle ids
    () => new Ext(r.int(-128, 127), r.bytes(r.int(0, 16))), // unknown or broken extensions
    () => new Ext(ExtCode.FLOAT, r.bytes(r.int(0, 12))), // EXT_FLOAT with the wrong length
    () => new Ext(ExtCode.TUPLE, r.bytes(r.int(0, 12))), // EXT_TUPLE with garbage inside
    () => new Ext(ExtCode.CALLBACK, mp([r.int(-3, 3)])), // EXT_CALLBACK with too few fields
    () => new Ext(ExtCode.NDARRAY, mp([r.pick(["float32", "uint8", "complex", "object", 7]), [r.int(-3, 2 ** 20), r.int(-3, 2 ** 30)], r.int(-2, 3)])),
    () => new Ext(ExtCode.SLICE, mp([r.int(0, 3), null])), // EXT_SLICE with too few fields
    () => new Raw(Buffer.from([0xdd, 0xff, 0xff, 0xff, 0xff])), // array32 declaring 4 billion items
    () => new Raw(Buffer.from([0xdf, 0x7f, 0xff, 0xff, 0xff])), // map32, huge
    () => new Raw(Buffer.from([0xdb, 0xff, 0xff, 0xff, 0xf0, 0x41])), // str32 declaring 4 GB
    () => new Raw(Buffer.from([0xc9, 0x7f, 0xff, 0xff, 0xff, 0x01])), // ext32, huge
    () => new Raw(Buffer.from([0xc1])), // the byte msgpack never uses
    () => (depth < 3 ? Array.from({ length: r.int(0, 4) }, () => hostileValue(r, depth + 1)) : []),
    () => (depth < 3 ? new Map([[hostileValue(r, depth + 1), hostileValue(r, depth + 1)]]) : new Map()),
  ];
  return r.pick(choices)();
}

function deeplyNested(r: Rng): Buffer {
  const depth = r.pick([200, 1_000, 5_000, 100_000]);
  const kind = r.pick([0x91, 0x81]); // fixarray of 1, fixmap of 1 (key then value)
  if (kind === 0x91) return Buffer.concat([Buffer.alloc(depth, 0x91), Buffer.from([0xc0])]);
  return Buffer.concat([Buffer.from(Array.from({ length: depth }, () => [0x81, 0x01]).flat()), Buffer.from([0xc0])]);
}

function nestedExt(depth: number): Buffer {
  let inner = mp(1);
  for (let i = 0; i < depth; i++) inner = mp(new Ext(ExtCode.TUPLE, inner));
  return inner;
}

function hostileOp(r: Rng): unknown {
  const obj = () => r.pick([3, 4, 2, 5, r.int(-1000, 1000), hostileValue(r)]);
  const target = () => r.pick([3, 4, 5, r.int(-1000, 1000), 2 ** 40, -1]);
  // Result refs of the wrong type too; but few distinct ones: each distinct ref is a handle, by design.
  const res = () => r.pick([...SCRATCH_REFS, null, -7, [1], new Map(), 1.5]);
  const id = () => (r.next() < 0.9 ? nextOp++ : hostileValue(r));
  const ops: (() => unknown)[] = [
    () => [IMPORT, id(), res(), r.pick(["", ".relative", "\u0000bad", "no_such_module_x", 42, null])],
    () => [GETATTR, id(), res(), obj(), r.pick(["__class__", "nope", "", 5, null])],
    () => [GETITEM, id(), res(), obj(), hostileValue(r)],
    () => [SETATTR, id(), target(), r.pick(["a", "b", "__dict__", "__class__", 7]), hostileValue(r)],
    () => [SETITEM, id(), target(), hostileValue(r), hostileValue(r)],
    () => [DELATTR, id(), target(), r.pick(["a", "nope", null])],
    () => [DELITEM, id(), target(), hostileValue(r)],
    () => [CALL, id(), res(), r.pick([2, obj()]), r.pick([[hostileValue(r)], hostileValue(r), []]), r.pick([null, new Map([["k", 1]]), hostileValue(r)])],
    () => [CALLMETHOD, id(), res(), obj(), r.pick(["count", "nope", "__init__", 3]), [hostileValue(r)], null],
    () => [VALUE, id(), r.pick([3, 4, 5, r.int(-100, 100), hostileValue(r)]), r.pick([0, 1, 2, 3, 99, -1, hostileValue(r)])],
    () => [RELEASE, id(), r.pick([[r.int(-100, 100)], [hostileValue(r)], hostileValue(r), [new Map()], SCRATCH_REFS])],
    () => [CALLBACK_RETURN, id(), r.int(-10, 2 ** 31), r.pick([0, 1, 2]), hostileValue(r)],
    () => [STATS, id(), hostileValue(r)],
    () => [EXEC, id(), res(), r.pick([")(", "def", "\u0000", 5, null])],
    () => [EVAL, id(), res(), r.pick([")(", "", "\u0000"]), hostileValue(r)],
    () => [ITER_NEXT, id(), hostileValue(r), hostileValue(r)],
    () => [RECORD, id(), res(), hostileValue(r)],
    () => [r.int(18, 1000), id(), hostileValue(r)], // unknown kinds
    () => [r.pick([[1], new Map([[1, 2]]), "IMPORT", 1.5, null, -1]), id()], // kinds of the wrong type
    () => r.pick([[], [IMPORT], 5, "op", null, new Map()]), // not an operation
    () => [VALUE, id(), 4].concat(Array.from({ length: r.int(2, 6) }, () => 0)), // wrong arity
  ];
  return r.pick(ops)();
}

function hostileMessage(r: Rng): Buffer[] {
  const batch = () => (r.next() < 0.9 ? nextBatch++ : hostileValue(r));
  const ctx = () => (r.next() < 0.9 ? null : r.pick([1, -1, 2 ** 40, "ctx", [1]]));
  const ops = () => Array.from({ length: r.int(1, 6) }, () => hostileOp(r));
  const kinds: (() => Buffer[])[] = [
    () => [r.bytes(r.int(0, 200))], // random bytes
    () => {
      const whole = mp([nextBatch++, null, ops()]);
      return [whole.subarray(0, r.int(0, whole.length - 1))]; // truncated msgpack
    },
    () => [mp([batch(), ctx(), ops()]), ...Array.from({ length: r.int(1, 4) }, () => r.bytes(r.int(0, 32)))], // extra frames
    () => [mp([batch(), ctx(), ops()]), Buffer.alloc(0)],
    () => [mp(r.pick([[], [1], [1, null], [1, null, [], 4], new Map(), "batch", 7]))], // wrong shape
    () => [mp([batch(), ctx(), r.pick([hostileValue(r), new Map(), "ops"])])],
    () => [mp([batch(), ctx(), ops()])],
    () => [mp([batch(), ctx(), ops()])],
    () => [mp([batch(), ctx(), ops()])],
    () => [mp([batch(), null, [new Raw(deeplyNested(r))]])],
    () => [deeplyNested(r)],
    () => [mp([batch(), null, [[CALL, nextOp++, 100, 2, [new Raw(nestedExt(r.pick([50, 500, 3000])))], null]]])],
    () => {
      // An array argument whose frame does not match its declared shape.
      const body = mp([batch(), null, [[CALL, nextOp++, 101, 2, [new Ext(ExtCode.NDARRAY, mp(["float64", [r.int(0, 2 ** 20), 3], 0]))], null]]]);
      return [body, r.bytes(r.int(0, 64))];
    },
  ];
  return r.pick(kinds)();
}

beforeAll(async () => {
  server = await startBareServer();
  client = server.client();
  await healthy(client, 60_000); // waits for the server to be up (the first call may queue until it binds)
  await setUp(client);
});

afterAll(async () => {
  await server?.stop();
});

describe("the server under hostile input", () => {
  it(`answers or drops ${MESSAGES} seeded hostile messages (seed ${SEED}), never crashing or growing`, async () => {
    const r = seeded(SEED);
    const started = Date.now();
    let rssAfterWarmUp = 0;
    let sent = 0;
    let released = 0;
    for (; sent < MESSAGES && Date.now() - started < TIME_LIMIT_MS; sent++) {
      const message = hostileMessage(r);
      await client.send(message);
      if ((sent + 1) % CHECK_EVERY === 0) {
        // Handles the server hands out (negative ids: VALUE in handle modes) are the client's to release,
        // as a real client's garbage collector does: release every id that may have been handed out so far.
        const upTo = -(sent + 1) * 8;
        const ids: number[] = [];
        for (let id = released - 1; id >= upTo; id--) ids.push(id);
        released = upTo;
        await client.send([mp([nextBatch++, null, [[RELEASE, nextOp++, ids]]])]);
        const stats = await healthy(client).catch(async (e: unknown) => {
          const exit = server.child.exitCode ?? "running";
          server.child.kill("SIGKILL");
          const result = await server.child;
          throw new Error(
            `after message ${sent} (${message.map((f) => f.subarray(0, 120).toString("hex")).join(" | ")}): ` +
              `${String(e)}; server ${exit}; stderr:\n${String(result.stderr).slice(-3000)}`,
          );
        });
        expect(stats.stashed).toBe(0);
        expect(stats.handles).toBeLessThan(64);
        // Warmed up once the capped lists (1,000 unobserved failures) are full: from then on RSS is flat.
        if (sent + 1 === Math.floor(MESSAGES / 3 / CHECK_EVERY) * CHECK_EVERY) rssAfterWarmUp = server.rssKiB();
      }
    }
    expect(sent).toBe(MESSAGES); // within the time limit
    const stats = await healthy(client);
    const rssEnd = server.rssKiB();
    // Bounded: the unobserved-failure list is capped at 1,000 tracebacks; handles stay few (scratch refs).
    expect(stats.unobserved).toBeLessThanOrEqual(1000);
    expect(rssAfterWarmUp).toBeGreaterThan(0);
    expect(rssEnd - rssAfterWarmUp, `RSS ${rssAfterWarmUp} -> ${rssEnd} KiB`).toBeLessThan(16 * 1024);
    // It did answer: protocol errors for the undecodable, errors for the failing.
    expect(client.counts.get(MSG_PROTOCOL_ERROR) ?? 0).toBeGreaterThan(1000);
    expect(server.child.exitCode).toBeNull();
    process.stdout.write(
      `fuzz: ${sent} messages in ${Date.now() - started} ms; replies by kind ${JSON.stringify([...client.counts])}; ` +
        `RSS ${rssAfterWarmUp} -> ${rssEnd} KiB\n`,
    );

    // A normal call afterwards succeeds, on a fresh connection (the fuzzing one has up to 1,000 failures
    // nobody awaited, which surface at its next awaits, by design).
    const fresh = server.client();
    const op = nextOp++;
    const answer = await fresh.call(nextBatch++, [
      [IMPORT, nextOp++, 1, "builtins"],
      [CALLMETHOD, nextOp++, 2, 1, "len", [[1, 2, 3]], null],
      [VALUE, op, 2, CONVERT],
    ], op);
    expect(answer.slice(0, 3)).toEqual([MSG_REPLY, op, 3]);
  });

  it("scopes handles to their connection: another client can neither use nor release them", async () => {
    const a = server.client();
    const b = server.client();
    await setUp(a); // a: 1 = builtins, 2 = len, 3 = a namespace, 4 = a list
    await healthy(b);
    // b cannot read a's handle 4 (a list) ...
    let op = nextOp++;
    let answer = await b.call(nextBatch++, [[VALUE, op, 4, CONVERT]], op);
    expect(answer[0]).toBe(MSG_ERROR);
    expect(JSON.stringify(answer[2])).toMatch(/handle 4 is unknown to this connection/);
    // ... nor call through a's handle 2, nor release them
    op = nextOp++;
    answer = await b.call(nextBatch++, [[CALL, nextOp++, 7, 2, [[1]], null], [VALUE, op, 7, CONVERT]], op);
    expect(answer[0]).toBe(MSG_ERROR);
    await b.send([mp([nextBatch++, null, [[RELEASE, nextOp++, [1, 2, 3, 4]]]])]);
    // b's own handle 2 is its own
    op = nextOp++;
    answer = await b.call(nextBatch++, [[IMPORT, nextOp++, 2, "math"], [GETATTR, nextOp++, 8, 2, "pi"], [VALUE, op, 8, CONVERT]], op);
    expect(answer[0]).toBe(MSG_REPLY);
    expect(answer[2]).toBeCloseTo(Math.PI);
    // a's handles are intact
    op = nextOp++;
    answer = await a.call(nextBatch++, [[CALL, nextOp++, 201, 2, [[1, 2]], null], [VALUE, op, 201, CONVERT]], op);
    expect(answer.slice(0, 3)).toEqual([MSG_REPLY, op, 2]);
  });
});

describe("no socket drops a message", () => {
  // A client that does not read for a while: its answers pile up past ZeroMQ's default queue of 1,000 messages,
  // where a ROUTER silently drops what it cannot queue. Each answer must still arrive.
  const PILE = 5_000;

  async function receiveAll(socket: zmq.Dealer, count: number): Promise<unknown[][]> {
    const messages: unknown[][] = [];
    // receiveTimeout bounds a lost message (the test fails with EAGAIN instead of hanging).
    while (messages.length < count) messages.push(decode((await socket.receive())[0]!) as unknown[]);
    return messages;
  }

  it(`the request socket: ${PILE} batches answered while their client reads nothing`, async () => {
    const socket = new zmq.Dealer({ linger: 0, receiveTimeout: 10_000 });
    socket.connect(server.endpoint);
    try {
      for (let i = 0; i < PILE; i++) await socket.send([mp([nextBatch++, null, [[STATS, nextOp++]]])]);
      await new Promise((r) => setTimeout(r, 1_000)); // lets the answers pile up unread (not an assertion)
      const answers = await receiveAll(socket, PILE);
      expect(answers.every((m) => m[0] === MSG_REPLY)).toBe(true);
    } finally {
      socket.close();
    }
  });

  it(`the control socket: ${PILE} pings answered while their client reads nothing`, async () => {
    const socket = new zmq.Dealer({ linger: 0, receiveTimeout: 10_000 });
    socket.connect(`${server.endpoint}.control`);
    try {
      for (let i = 0; i < PILE; i++) await socket.send(mp(["ping", i, "a-slow-reader"]));
      await new Promise((r) => setTimeout(r, 1_000));
      const pongs = await receiveAll(socket, PILE);
      expect(pongs.map((m) => m[1])).toEqual(Array.from({ length: PILE }, (_, i) => i));
    } finally {
      socket.close();
    }
  });
});
