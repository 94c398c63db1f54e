// Replies: the operations waiting for an answer, the batches sent and not yet done, and where each operation was
// issued. Python's answers settle them here: a value, the error an operation raised, a failure nobody awaited
// (kept to report later, or to reject the next await of the same batch), or a batch Python could not read.
import { Replied } from "../wire/codes.js";
import { BridgeError, PythonError, firstUserFrame, type CallSite, type PythonFailureInfo } from "../errors/errors.js";
import type { NDArray, TypedArray } from "../wire/ndarray.js";

const MAX_FAILED_SITES = 10_000;
/** How long an aborted call's result waits for Python's answer before it rejects with the AbortError anyway. */
const ABORT_GRACE_MS = 1_000;

/** What `toJs(x, { into })` fills: the caller's typed array, and the shared file lent for its bytes. */
export interface IntoTarget {
  array: TypedArray;
  file: string | undefined;
}

export interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  into?: IntoTarget;
  /** Set when its signal aborted: Python's answer decides (a caught KeyboardInterrupt lets the value through). */
  aborted?: Error;
}

/** What settling replies asks of the session. */
export interface ReplyHost {
  /** Turns the handles and array frames of a reply into proxies and NDArrays. */
  revive(value: unknown, frames: Buffer[]): unknown;
  /** Copies a reply's array into the caller's typed array (`toJs(x, { into })`). */
  fillInto(wire: unknown, frames: Buffer[], into: IntoTarget): NDArray;
  /** The shared-memory files a batch named: it is done with them. */
  filesDone(names: string[]): void;
  /** A batch is done, or an operation stopped waiting: whether the session is busy may have changed. */
  busyChanged(): void;
}

export class Replies {
  readonly pending = new Map<number, Pending>();
  readonly sites = new Map<number, CallSite>();
  /** The batches sent and not yet done, with their op ids. */
  readonly outstanding = new Map<number, number[]>();
  private readonly outstandingShared = new Map<number, string[]>();
  private readonly failedSites = new Map<number, CallSite | undefined>();
  /** Failures (by origin op id) reported by Python that no awaited result has carried to JS yet. */
  private readonly unobserved = new Map<number, PythonFailureInfo>();
  /** The error of a batch Python could not read whose operations nobody awaited: the next await rejects with it. */
  private lostBatch: BridgeError | undefined;

  /**
   * `aborts` forgets the operations of a batch once it is done (abort.ts); `jsErrors` are what JS callbacks
   * threw, by call id (callbacks.ts), for the PythonError they caused.
   */
  constructor(
    private readonly host: ReplyHost,
    private readonly aborts: { forget(opId: number): void },
    private readonly jsErrors: ReadonlyMap<number, unknown>,
  ) {}

  /** Batch `batchId` carrying `ops` (and naming shared files `shared`) was sent. */
  sent(batchId: number, ops: readonly { 1: number }[], shared: string[] | undefined): void {
    const opIds = new Array<number>(ops.length);
    for (let i = 0; i < opIds.length; i++) opIds[i] = ops[i]![1];
    this.outstanding.set(batchId, opIds);
    if (shared) this.outstandingShared.set(batchId, shared);
  }

  takePending(opId: number): Pending | undefined {
    const p = this.pending.get(opId);
    if (p) this.pending.delete(opId);
    return p;
  }

  /** Settles operation `opId` with its answer: a value, the error it raised, or a failure nobody awaits. */
  answered(opId: number, status: number, payload: unknown, frames: Buffer[], special: boolean): void {
    if (status === Replied.FAILED) {
      const info = payload as PythonFailureInfo;
      if (info.origin !== null) {
        if (!info.mro.includes("KeyboardInterrupt")) this.noteUnobserved(info);
        this.failedSites.set(info.origin, this.sites.get(info.origin));
        if (this.failedSites.size > MAX_FAILED_SITES) {
          this.failedSites.delete(this.failedSites.keys().next().value as number);
        }
      }
      return;
    }
    const p = this.takePending(opId);
    if (status === Replied.ERROR) {
      const info = payload as PythonFailureInfo;
      // An interrupt the caller asked for (an AbortSignal) rejects with the caller's AbortError.
      p?.reject(p.aborted && info.mro.includes("KeyboardInterrupt") ? p.aborted : this.pythonError(info));
      if (info.origin !== null) this.unobserved.delete(info.origin);
      return;
    }
    if (this.lostBatch !== undefined && p !== undefined && p.into === undefined) {
      // A batch Python could not read held operations nobody awaited: this await is the first to hear of it.
      const lost = this.lostBatch;
      this.lostBatch = undefined;
      p.reject(lost);
      return;
    }
    let value: unknown;
    try {
      value = p?.into ? this.host.fillInto(payload, frames, p.into) : special ? this.host.revive(payload, frames) : payload;
    } catch (e) {
      p?.reject(e);
      return;
    }
    p?.resolve(value);
  }

  /**
   * Python could not read batch `batchId` (null: not even its id), so none of its operations ran: each awaited
   * one rejects, naming the reason and its own line; if some were not awaited, the next await rejects instead,
   * as for any failure nobody awaited.
   */
  batchRejected(batchId: number | null, reason: string): void {
    const rejected = (site: CallSite | undefined): BridgeError => {
      const where = site ? firstUserFrame(site) : undefined;
      return new BridgeError(`the Python side could not read the operations sent together with this one, so none of them ran: ${reason}${where ? `\n    (issued at ${where})` : ""}`);
    };
    const ops = batchId === null ? undefined : this.outstanding.get(batchId);
    if (ops === undefined) {
      this.lostBatch ??= rejected(undefined);
      return;
    }
    let firstUnawaited: number | undefined;
    for (const id of ops) {
      const p = this.takePending(id);
      if (p) p.reject(rejected(this.sites.get(id)));
      else firstUnawaited ??= id;
    }
    if (firstUnawaited !== undefined) this.lostBatch ??= rejected(this.sites.get(firstUnawaited));
    this.done(batchId!);
  }

  /** Batch `batchId` has run: its operations' sites and signals are forgotten. */
  done(batchId: number): void {
    const shared = this.outstandingShared.get(batchId);
    if (shared) {
      this.outstandingShared.delete(batchId);
      this.host.filesDone(shared);
    }
    const ops = this.outstanding.get(batchId);
    if (!ops) return;
    this.outstanding.delete(batchId);
    for (const id of ops) {
      this.sites.delete(id);
      this.aborts.forget(id);
    }
    this.host.busyChanged();
  }

  /** The user's line that issued operation `opId`, for a Python warning about it. */
  siteText(opId: number): string {
    const site = this.sites.get(opId);
    return (site && firstUserFrame(site)) ?? "<TypeScript>";
  }

  pythonError(info: PythonFailureInfo): PythonError {
    const origin = info.origin;
    const site = origin === null ? undefined : (this.failedSites.get(origin) ?? this.sites.get(origin));
    let jsCause: unknown;
    for (let i: PythonFailureInfo | null = info; i; i = i.cause) {
      if (i.jsCall !== undefined && this.jsErrors.has(i.jsCall)) {
        jsCause = this.jsErrors.get(i.jsCall);
        break;
      }
    }
    return new PythonError(info, site, jsCause);
  }

  /** Forgets the unobserved failures Python no longer counts as such (`still`: the origins it does). */
  keepUnobserved(still: ReadonlySet<number>): void {
    for (const origin of this.unobserved.keys()) if (!still.has(origin)) this.unobserved.delete(origin);
  }

  /** Writes the failures nothing awaited to stderr, once each (at shutdown and when Node exits). */
  reportUnobserved(): void {
    for (const info of this.unobserved.values()) {
      const error = this.pythonError(info);
      process.stderr.write(`tsreticulate: a Python failure nothing awaited: ${error.message}\n${indentLines(info.traceback)}`);
    }
    this.unobserved.clear();
  }

  /** The batches in flight that carry any of `ops`. */
  batchesWith(ops: ReadonlySet<number> | "all"): number[] {
    const batches: number[] = [];
    for (const [batchId, ids] of this.outstanding) {
      if (ops === "all" || ids.some((id) => ops.has(id))) batches.push(batchId);
    }
    return batches;
  }

  /** Ctrl-C: every result rejects at once. */
  rejectAll(error: Error): void {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(error);
    }
  }

  /**
   * An AbortSignal: Python's answer settles each result of `ops`, the AbortError for the KeyboardInterrupt, the
   * value where Python code caught the interrupt and returned (reticulate's semantics). Code that does not answer
   * (stuck in native code) is not waited for past ABORT_GRACE_MS.
   */
  abort(ops: ReadonlySet<number>, error: Error): void {
    const aborting: number[] = [];
    for (const [id, p] of this.pending) {
      if (ops.has(id) && !p.aborted) {
        p.aborted = error;
        aborting.push(id);
      }
    }
    if (aborting.length > 0) {
      setTimeout(() => {
        for (const id of aborting) {
          const p = this.pending.get(id);
          if (p?.aborted) {
            this.pending.delete(id);
            p.reject(p.aborted);
          }
        }
        this.host.busyChanged();
      }, ABORT_GRACE_MS).unref();
    }
  }

  /** The session ended: everything is forgotten; returns what was still waiting, to reject. */
  clear(): Pending[] {
    const pending = [...this.pending.values()];
    this.pending.clear();
    this.outstanding.clear();
    this.outstandingShared.clear();
    return pending;
  }

  private noteUnobserved(info: PythonFailureInfo): void {
    this.unobserved.set(info.origin!, info);
    if (this.unobserved.size > MAX_FAILED_SITES) this.unobserved.delete(this.unobserved.keys().next().value as number);
  }
}

function indentLines(text: string): string {
  const trimmed = text.trimEnd();
  return trimmed ? `${trimmed.replace(/^/gm, "    ")}\n` : "";
}
