// A session: one Python process and the protocol spoken with it. Operations are queued per JS context, sent
// together once per tick (the outbox, here), and matched to their replies by op id (replies.ts). Its other jobs
// live beside it, each behind the narrow interface it needs of the session: JS callbacks (callbacks.ts), handle
// lifetime (handles.ts), reviving replies (revive.ts), Ctrl-C (ctrl-c.ts), keeping Node alive (keep-alive.ts), the
// script's end (script-end.ts).
// What starts the Python side is passed in (process/launcher.ts), as is the proxy layer above (proxies.ts).
import { Msg, PROTOCOL_VERSION, Replied } from "../wire/codes.js";
import { decode, decodeFlags, encode } from "../wire/codec.js";
import { SNAPSHOT_BYTES, toWire as convertToWire, type WireSink } from "../wire/conversion.js";
import { BridgeError, ProcessExitedError, type CallSite } from "../errors/errors.js";
import type { TypedArray } from "../wire/ndarray.js";
import type { HandleState, ProxyLayer } from "./proxies.js";
import type { ExitInfo, Launcher, PythonProcess } from "../process/launcher.js";
import { Transport } from "../transport/transport.js";
import { isAtWork } from "../process/process-state.js";
import { randomBytes } from "node:crypto";
import { AbortError, AbortTracker, outsideSignal } from "./abort.js";
import { ControlChannel, PythonUnresponsiveError } from "../transport/control-channel.js";
import { SharedArrayFiles } from "../process/shared-arrays.js";
import { helloOp, releaseOp, statsOp, valueOp, type Operation } from "../wire/operations.js";
import { contextStorage } from "./context.js";
import { watchForScriptEnd, forgetSession } from "./script-end.js";
import { KeepAlive } from "./keep-alive.js";
import { CtrlC } from "./ctrl-c.js";
import { JsCallbacks } from "./callbacks.js";
import { HandleReleases } from "./handles.js";
import { Replies, type IntoTarget } from "./replies.js";
import { revive, reviveInto, type Settle } from "./revive.js";

interface Queue {
  ops: Operation[];
  frames: Uint8Array[];
  /** Shared-memory files its operations name (shared-arrays.ts). */
  shared?: string[];
}

/** What a session takes from the bridge options (options.ts). */
export interface SessionOptions {
  startTimeoutMs: number;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  callSites: boolean;
}

export interface HelloInfo {
  protocol: number;
  python: string;
  executable: string;
  pid: number;
  codes: Record<string, number>;
}

export interface ServerStats {
  handles: number;
  failures: number;
  unobserved: number;
  connections: number;
  stashed: number;
  /** The op ids of the failures no result has carried to the client yet (the last 100). */
  unobservedOrigins?: number[];
}

const EAGER_FLUSH_OPS = 256;
const RELEASE_QUEUE = Symbol("releases");
const IDLE_LISTEN_MS = 200;
const OP_MARKER = "\0tsreticulate-op:";
const OP_MARKER_PATTERN = /\0tsreticulate-op:(\d+)\0/g;

export class Session implements WireSink {
  dead = false;
  deathReason = "";
  info: HelloInfo | undefined;
  /** How many messages (batches of operations) were sent: pipelining is visible in this count. */
  sentBatches = 0;
  /** Set when the process ended without being asked to: the bridge says so once when it starts another. */
  unexpectedExit: Error | undefined;
  readonly started: Promise<void>;
  /** Whether operations record where they were issued (options.callSites). */
  readonly callSites: boolean;

  private process: PythonProcess | undefined;
  private transport: Transport | undefined;
  private readonly queues = new Map<number | null | typeof RELEASE_QUEUE, Queue>();
  private flushScheduled = false;
  private nextRefId = 1;
  private nextOpId = 1;
  private nextBatchId = 1;
  /** Where large arrays go for a local process (a folder in /dev/shm, named on its command line); undefined: frames. */
  private shared: SharedArrayFiles | undefined;
  private readonly keepAlive = new KeepAlive();
  private readonly idleListen: NodeJS.Timeout;
  /** A remote session's presence messages while idle (the server's clientTimeout, from its hello). */
  private presence: NodeJS.Timeout | undefined;
  private nextCaptureCtx = -1;
  /** True while capture() runs: proxies then refuse to become JS values (proxy.ts), which a recording cannot hold. */
  capturing = false;
  private starting = true;
  private shuttingDown = false;
  /** This client's routing id on the server: named in interrupts sent over the control channel. */
  private readonly routingId = `tsr-${randomBytes(12).toString("hex")}`;
  private control: ControlChannel | undefined;
  private readonly aborts = new AbortTracker((ops, error) => this.interruptOps(ops, error));
  private readonly ctrlC = new CtrlC(() => this.interruptOps("all", new AbortError("the Python call was interrupted (SIGINT)")));
  private readonly callbacks: JsCallbacks;
  private readonly handles: HandleReleases;
  private readonly replies: Replies;
  /** A proxy for a handle that arrived from Python (revive.ts). */
  private readonly settle: Settle = (ref, typeName, repr, convert) => this.proxies.settled(this, ref, typeName, repr, convert);

  /**
   * `launcher` starts or reaches the Python side (process/launcher.ts); `proxies` is the proxy layer above this
   * one (proxy.ts), which the session asks for proxies of handles that arrive and for the handles of proxies.
   */
  constructor(
    private readonly options: SessionOptions,
    private readonly launcher: Launcher,
    private readonly proxies: ProxyLayer<Session>,
  ) {
    const session = this;
    this.callSites = options.callSites;
    const busyChanged = () => this.updateKeepAlive();
    this.callbacks = new JsCallbacks({
      get dead() {
        return session.dead;
      },
      revive: (value, frames, convert) => this.revive(value, frames, convert),
      toWire: (value, path) => this.toWire(value, path),
      emit: (op) => this.emit(op),
      isProxy: proxies.isProxy,
      busyChanged,
    });
    this.handles = new HandleReleases(this);
    this.replies = new Replies(
      {
        revive: (value, frames) => this.revive(value, frames),
        fillInto: (wire, frames, into) => reviveInto(wire, frames, into, this.shared, this.settle),
        filesDone: (names) => this.shared?.finished(names),
        busyChanged,
      },
      this.aborts,
      this.callbacks.errors,
    );
    watchForScriptEnd(this);
    this.shared = launcher.remote !== undefined ? undefined : SharedArrayFiles.create();
    this.updateKeepAlive();
    this.started = this.start();
    // While Python holds JS functions, a Python thread may call one when nothing is in flight (callbacks.py):
    // the idle bridge listens now and then, without holding Node open (the timer is unref'd).
    this.idleListen = setInterval(() => {
      if (!this.dead && this.callbacks.size > 0) this.transport?.takeUnasked();
    }, IDLE_LISTEN_MS);
    this.idleListen.unref();
  }

  // ------------------------------------------------------------------ start and end

  private async start(): Promise<void> {
    let proc: PythonProcess;
    try {
      proc = await this.launcher.launch((exit) => this.onProcessExit(exit), this.shared?.dir);
    } catch (e) {
      this.die(e instanceof Error ? e : new BridgeError(String(e)));
      this.starting = false;
      return;
    }
    this.process = proc;
    if (this.dead) {
      proc.kill();
      return;
    }
    let unwatch: (() => void) | undefined;
    this.transport = new Transport(
      proc.endpoint,
      (frames) => this.onMessage(frames),
      (e) => this.die(new BridgeError(`the ZeroMQ transport failed: ${String(e)}`, { cause: e })),
      () => this.isBusy(),
      { routingId: this.routingId, ...proc.socketOptions },
      (socket) => (unwatch = proc.watch?.(socket, (e) => this.die(e))),
    );
    const hello = new Promise<unknown>((resolve, reject) => {
      const opId = this.nextOpId++;
      this.queueFor(null).ops.unshift(helloOp(opId));
      this.replies.pending.set(opId, { resolve, reject });
    });
    this.starting = false;
    this.flush();
    const timeoutMs = this.options.startTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    try {
      const info = (await Promise.race([
        hello,
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new BridgeError(`the Python process did not answer within ${timeoutMs / 1000} s of starting`)),
            timeoutMs,
          );
        }),
      ])) as HelloInfo;
      if (info.protocol !== PROTOCOL_VERSION) {
        throw new BridgeError(
          `the Python side speaks protocol ${info.protocol}, this package speaks ${PROTOCOL_VERSION}: ` +
            "the python/ folder and the JS package come from different versions",
        );
      }
      this.info = info;
      const control = (info as { control?: string | null }).control;
      if (control && !this.dead) {
        const where = this.launcher.remote !== undefined ? `at ${this.launcher.remote}` : `(pid ${proc.pid})`;
        this.control = new ControlChannel(
          proc.controlEndpoint?.(control) ?? control,
          this.routingId,
          {
            intervalMs: this.options.heartbeatIntervalMs,
            timeoutMs: this.options.heartbeatTimeoutMs,
            isRunning: proc.pid > 0 ? () => isAtWork(proc.pid) : undefined,
          },
          () => this.isBusy(),
          (silentMs) => {
            this.die(new PythonUnresponsiveError(silentMs, where));
            proc.kill(); // a stopped local process is killed (SIGKILL works on it); a remote one is left
          },
          proc.socketOptions,
        );
        this.updateKeepAlive();
        const clientTimeout = (info as { clientTimeout?: number | null }).clientTimeout;
        if (this.launcher.remote !== undefined && typeof clientTimeout === "number" && clientTimeout > 0) {
          // Three times per timeout, so one lost message is not taken for a departure; never holds Node open.
          this.presence = setInterval(() => this.control?.presence(), Math.max(250, (clientTimeout * 1000) / 3));
          this.presence.unref();
        }
      }
    } catch (e) {
      if (!this.dead) {
        this.die(e instanceof Error ? e : new BridgeError(String(e)));
        proc.kill();
      }
    } finally {
      clearTimeout(timer);
      unwatch?.();
    }
  }

  private onProcessExit(exit: ExitInfo): void {
    if (this.shuttingDown) {
      this.die(new BridgeError("the Python process was shut down"));
      return;
    }
    const error = new ProcessExitedError(exit.code, exit.signal, exit.stderrTail);
    if (!this.dead) this.unexpectedExit = error;
    this.die(error);
  }

  /** Ends the session: every pending operation rejects with `error`. */
  die(error: Error): void {
    if (this.dead) return;
    this.dead = true;
    forgetSession(this);
    this.deathReason = error.message.split("\n")[0]!;
    this.transport?.close();
    this.control?.close();
    clearInterval(this.presence);
    clearInterval(this.idleListen);
    this.aborts.clear();
    this.ctrlC.end();
    const pending = this.replies.clear();
    this.queues.clear();
    this.shared?.removeAll();
    this.shared = undefined;
    this.handles.clear();
    this.callbacks.running = 0;
    this.updateKeepAlive();
    for (const p of pending) p.reject(error);
  }

  /**
   * Stops the Python process (SIGTERM: Python exits as at the end of a script, running its atexit handlers and
   * weakref finalizers). Operations already issued run first; a failure among them that nothing awaited is
   * reported on stderr, as Python reports an uncaught exception.
   */
  async shutdown(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    await this.started.catch(() => undefined);
    if (!this.dead && this.transport) {
      // Answered after everything issued before it has run; Python knows which failures no one has seen (a
      // failure raised into Python code, through a JS callback, was seen there).
      const stats = (await this.request(statsOp()).catch(() => undefined)) as ServerStats | undefined;
      this.replies.keepUnobserved(new Set(stats?.unobservedOrigins ?? []));
      this.replies.reportUnobserved();
    }
    // A remote server frees this client's handles when told it leaves (a local process just ends).
    if (this.launcher.remote !== undefined) await this.control?.farewell();
    if (this.process) await this.process.stop();
    this.die(new BridgeError("the Python process was shut down"));
  }

  /** Writes the failures nothing awaited to stderr, once each (at shutdown and when Node exits). */
  reportUnobserved(): void {
    this.replies.reportUnobserved();
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  // ------------------------------------------------------------------ emitting

  newRef(): number {
    return this.nextRefId++;
  }

  private queueFor(ctx: number | null): Queue {
    let q = this.queues.get(ctx);
    if (!q) {
      q = { ops: [], frames: [] };
      this.queues.set(ctx, q);
    }
    return q;
  }

  private currentQueue(): Queue {
    return this.queueFor(contextStorage.getStore()?.ctx ?? null);
  }

  /** Queues an operation; its op id is written into op[1]. Returns the op id. */
  emit(op: Operation, site?: CallSite): number {
    if (this.dead) throw new BridgeError(`the Python process has ended (${this.deathReason})`);
    const signal = this.aborts.check();
    let queue = this.currentQueue();
    if (queue.ops.length >= EAGER_FLUSH_OPS && !this.capturing && queue.frames.length === 0 && queue.shared === undefined) {
      // A long synchronous run of operations (a loop of calls awaited at the end) goes out in slices, so that
      // Python works through one slice on the other core while JS issues the next. Not while the queue holds
      // array frames or shared-memory files: the op being emitted may name one (its arguments were converted
      // before this call), and frame indexes and files belong to the batch that carries them.
      this.flush();
      queue = this.currentQueue();
    }
    const opId = this.nextOpId++;
    op[1] = opId;
    if (signal) this.aborts.track(opId, signal);
    queue.ops.push(op);
    if (site) this.replies.sites.set(opId, site);
    this.scheduleFlush();
    return opId;
  }

  toWire(value: unknown, path: (string | number)[]): unknown {
    return convertToWire(value, this, path);
  }

  refOf(value: unknown): number | undefined {
    return this.proxies.refOf(this, value);
  }

  /**
   * Registers a JS function for Python under a fresh id. Ids are never reused: Python reports an id once it
   * holds no reference to it (MSG_CALLBACKS_RELEASED) and the function is dropped here.
   */
  callbackId(fn: Function, mode: number): number {
    return this.callbacks.register(fn, mode);
  }

  /** How many JS functions Python holds (diagnostics and tests). */
  get registeredCallbacks(): number {
    return this.callbacks.size;
  }

  shareArray(bytes: Uint8Array): string | undefined {
    // A recording (capture) replays its operations later, after Python has unlinked the file: frames there.
    if (this.shared === undefined || this.capturing) return undefined;
    const name = this.shared.write(bytes);
    if (name !== undefined) this.queueShared(name);
    return name;
  }

  /** Records a shared file the operation being issued names: it is looked at again when its batch is done. */
  private queueShared(name: string): void {
    (this.currentQueue().shared ??= []).push(name);
  }

  addFrame(bytes: Uint8Array): number {
    const q = this.currentQueue();
    q.frames.push(bytes);
    return q.frames.length - 1;
  }

  scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Two microtask hops: an `await` right after a call (its thenable job is queued behind the first hop)
    // still adds its value request to the same batch, so a call and its await cost one message.
    queueMicrotask(this.flushAfterNextHop);
  }

  private readonly flushAfterNextHop = (): void => queueMicrotask(this.flushNow);
  private readonly flushNow = (): void => this.flush();

  flush(): void {
    this.flushScheduled = false;
    if (this.dead || this.starting || !this.transport) return;
    const released = this.handles.take();
    if (released !== undefined) {
      // Releases go last, in a top-level batch of their own: every operation naming a released handle
      // was queued before it (the proxy was alive then), so it is sent, and run, first.
      const releases: Queue = { ops: [releaseOp(this.nextOpId++, released)], frames: [] };
      this.queues.delete(RELEASE_QUEUE);
      this.queues.set(RELEASE_QUEUE, releases);
    }
    for (const [key, q] of this.queues) {
      const ctx = key === RELEASE_QUEUE ? null : key;
      if (q.ops.length === 0) {
        // Arguments converted for a call that then failed to convert: no operation will map these files.
        if (q.shared) this.shared?.finished(q.shared);
        q.shared = undefined;
        continue;
      }
      const batchId = this.nextBatchId++;
      this.replies.sent(batchId, q.ops, q.shared);
      // One copy of the body into ZeroMQ's message; array frames are handed over as they are.
      // The receive loop is woken below (updateKeepAlive), outside the AbortSignal of whoever issued the ops.
      this.transport.send([encode([batchId, ctx, q.ops]), ...q.frames]);
      this.sentBatches++;
      this.queues.delete(key);
    }
    this.updateKeepAlive();
  }

  /** Asks for the value of handle `ref`, converted as `mode` says. */
  value(ref: number, mode: number, site?: CallSite, into?: TypedArray): Promise<unknown> {
    if (into === undefined) return this.request(valueOp(ref, mode), site);
    // A large destination gets a shared file lent for the bytes (shared-arrays.ts); else they come as a frame.
    const file = into.byteLength > SNAPSHOT_BYTES && !this.capturing ? this.shared?.lendForReply(into.byteLength) : undefined;
    if (file !== undefined) this.queueShared(file);
    const op = file === undefined ? valueOp(ref, mode) : valueOp(ref, mode, [file, into.byteLength]);
    return this.request(op, site, { array: into, file });
  }

  /** Sends an operation that replies (stats, hello, iteration) and resolves with its reply. */
  request(op: Operation, site?: CallSite, into?: IntoTarget): Promise<unknown> {
    return new Promise((resolve, reject) => {
      let opId: number;
      try {
        opId = this.emit(op, site);
      } catch (e) {
        reject(e);
        return;
      }
      this.replies.pending.set(opId, { resolve, reject, into });
    });
  }

  /**
   * Runs the synchronous `fn` with the operations it emits set aside instead of sent, for record.ts, which
   * turns them into a program that Python replays. `states` receives the proxies that get a handle meanwhile
   * (also when `fn` throws). An operation waiting for a reply cannot be set aside: its promise rejects.
   */
  capture<T>(fn: () => T, states: Set<HandleState>): { result: T; ops: Operation[]; frames: Uint8Array[] } {
    const ctx = this.nextCaptureCtx--; // negative: never the id of a JS callback call
    const wasCapturing = this.capturing;
    this.capturing = true;
    try {
      const result = contextStorage.run({ ctx, scope: states }, fn);
      const q = this.queues.get(ctx);
      return { result, ops: q?.ops ?? [], frames: q?.frames ?? [] };
    } finally {
      this.capturing = wasCapturing;
      for (const op of this.queues.get(ctx)?.ops ?? []) {
        const opId = op[1] as number;
        this.replies.sites.delete(opId);
        this.replies.takePending(opId)?.reject(new BridgeError("a function recorded for Python cannot wait for a value"));
      }
      this.queues.delete(ctx);
    }
  }

  stats(): Promise<ServerStats> {
    return this.request(statsOp()) as Promise<ServerStats>;
  }

  // ------------------------------------------------------------------ handle lifetime (handles.ts)

  /** Releases the handle of `state` once `proxy` is garbage-collected. */
  watch(proxy: object, state: HandleState): void {
    this.handles.watch(proxy, state);
  }

  /** Records a state that just got a handle in the open py.scope, if any. */
  adopt(state: HandleState): void {
    this.handles.adopt(state);
  }

  /** Releases what a py.scope created, except the states in `keep`. */
  releaseScope(scope: ReadonlySet<HandleState>, keep: ReadonlySet<HandleState>, why: string): void {
    this.handles.releaseScope(scope, keep, why);
  }

  // ------------------------------------------------------------------ receiving

  private onMessage(frames: Buffer[]): void {
    let msg: unknown[];
    decodeFlags.special = false;
    try {
      msg = decode(frames[0]!) as unknown[];
    } catch (e) {
      this.die(new BridgeError(`undecodable message from Python: ${String(e)}`));
      return;
    }
    const special = decodeFlags.special;
    switch (msg[0]) {
      case Msg.REPLY:
        this.replies.answered(msg[1] as number, Replied.VALUE, msg[2], frames, special);
        if (msg.length > 3) this.replies.done(msg[3] as number);
        break;
      case Msg.ERROR:
        this.replies.answered(msg[1] as number, Replied.ERROR, msg[2], frames, special);
        if (msg.length > 3) this.replies.done(msg[3] as number);
        break;
      case Msg.FAILED:
        this.replies.answered(msg[1] as number, Replied.FAILED, msg[2], frames, special);
        if (msg.length > 3) this.replies.done(msg[3] as number);
        break;
      case Msg.REPLIES: {
        // A batch's answers, together: settled in order, then the batch is done.
        for (const [opId, status, payload] of msg[1] as [number, number, unknown][]) {
          this.replies.answered(opId, status, payload, frames, special);
        }
        if (msg[2] !== null && msg[2] !== undefined) this.replies.done(msg[2] as number);
        break;
      }
      case Msg.DONE:
        this.replies.done(msg[1] as number);
        break;
      case Msg.CALLBACKS_RELEASED:
        this.callbacks.released(msg[1] as number[]);
        break;
      case Msg.OUTPUT: {
        let text = msg[2] as string;
        // A Python warning about the call JS made names the TypeScript line that made it (warning_sites.py).
        if (text.includes(OP_MARKER)) text = text.replace(OP_MARKER_PATTERN, (_, id: string) => this.replies.siteText(Number(id)));
        (msg[1] === 2 ? process.stderr : process.stdout).write(text);
        break;
      }
      case Msg.CALLBACK:
        this.callbacks.run(msg[1] as number, msg[2] as number, msg[3] as unknown[], msg[4] as Record<string, unknown>, frames, special);
        break;
      case Msg.PROTOCOL_ERROR:
        this.replies.batchRejected(msg[1] as number | null, String(msg[2]));
        break;
      default:
        process.stderr.write(`tsreticulate: unknown message kind ${String(msg[0])} from Python\n`);
    }
  }

  /** Turns handles into settled proxies and array frames into NDArrays, in place (revive.ts). */
  revive(value: unknown, frames: Buffer[], convert = true): unknown {
    return revive(value, frames, this.settle, convert);
  }

  // ------------------------------------------------------------------ interrupts (abort.ts, ctrl-c.ts, control-channel.ts)

  /** Rejects the pending results of `ops` with `error` and interrupts the batches that carry them. */
  private interruptOps(ops: ReadonlySet<number> | "all", error: Error): void {
    if (this.dead) return;
    this.flush(); // operations still queued get their batch now, so they can be named
    this.control?.interrupt(this.replies.batchesWith(ops));
    // Ctrl-C: every result rejects at once; the next Ctrl-C, while these calls still wind down, ends Node.
    if (ops === "all") this.replies.rejectAll(error);
    else this.replies.abort(ops, error);
    this.updateKeepAlive();
  }

  // ------------------------------------------------------------------ keeping Node alive

  /**
   * Node stays alive while Python has work of ours to do; an idle bridge never holds the process open. Busy means
   * a batch sent and not yet done, or a JS callback running (its return goes out as a batch): both end only with a
   * message from Python (or the session's death), which is what lets the transport receive without a timeout.
   * An operation waiting for a value is always in such a batch once flushed; one that is never sent (a recording's)
   * does not make the session busy.
   */
  private isBusy(): boolean {
    return !this.dead && (this.starting || this.replies.outstanding.size > 0 || this.callbacks.running > 0);
  }

  private updateKeepAlive(): void {
    const busy = this.isBusy();
    if (!busy) {
      this.ctrlC.idle();
    } else if (!(this.transport?.isReceiving && (this.control?.isBeating ?? true))) {
      // The loops outlive the call that woke them: they (and the JS callbacks they run) must not inherit
      // its AbortSignal, or a callback answered after that signal's abort would fail to send its result.
      outsideSignal(() => {
        this.transport?.wake();
        this.control?.wake();
      });
    }
    // Ctrl-C interrupts the calls in flight, not Node; an idle Ctrl-C, or a second one, exits as usual.
    this.ctrlC.listen(busy && !this.starting && this.replies.pending.size > 0);
    this.keepAlive.set(busy, this.dead);
  }
}

