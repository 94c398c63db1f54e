// Iterating Python iterables from TypeScript: `for await (const [x, y] of iterate(loader))`, and the workshop's
// `py_for`. Items are pulled in batches (OP_ITER_NEXT, python/tsreticulate/iteration.py) and the next batch is
// asked for while the loop works on the current one, so a loop over many small items does not pay a round
// trip per item.
import { ValueMode } from "./wire/codes.js";
import { PythonError, captureCallSite, type CallSite, type PythonFailureInfo } from "./errors/errors.js";
import { asyncIteratorHook, isProxy, materialize, stateOf, type PyObject, type PyState } from "./proxy.js";
import type { Session } from "./session/session.js";
import { iterNextOp } from "./wire/operations.js";

/** What OP_ITER_NEXT reports after the items of a pull (iteration.py's MORE, DONE, RAISED). */
const PullStatus = { MORE: 0, DONE: 1, RAISED: 2 } as const;
type PullReply = [items: unknown[], status: number, error: PythonFailureInfo | null];

/** Items asked for by the first pull: the loop starts as soon as one item exists. */
const FIRST_PULL = 1;
/** The most items one pull asks for; Python also stops a pull early when it takes long or carries much data. */
const MAX_PULL = 1024;

/**
 * An async iterator over a Python iterator. Items arrive converted as the source's `convert` says: with
 * `convert: false`, tuples and lists become JS arrays of proxies (so `[x, y]` destructures a batch) and
 * everything else a proxy; with `convert: true`, values with a JS form arrive as JS values. Ending the loop
 * early (`break`, `return`, a throw) closes the Python iterator: a generator's `finally` runs.
 */
export class PyIterator<T = any> implements AsyncIterableIterator<T> {
  private readonly session: Session;
  private readonly iterRef: number;
  private readonly convert: boolean;
  private readonly site: CallSite;
  /** Items pulled and not yet handed to the loop: buffer[head], buffer[head + 1], ... */
  private buffer: T[] = [];
  private head = 0;
  private pullSize = FIRST_PULL;
  private lastLanded = 0;
  private inFlight: Promise<void> | undefined;
  private opened = false;
  /** Set once Python said there is nothing more: the exhaustion, or the exception to throw after the buffer. */
  private end: { error: unknown } | undefined;
  private closed = false;
  private readonly source: PyObject;

  constructor(source: PyObject, site: CallSite) {
    const state = stateOf(source)!;
    this.source = source;
    this.session = state.session;
    this.convert = state.convert;
    this.site = site;
    this.iterRef = this.session.newRef();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<T>> {
    if (this.closed) return { done: true, value: undefined };
    while (this.ahead() === 0 && !this.end) await (this.inFlight ?? this.pull());
    if (this.ahead() > 0) {
      const item = this.buffer[this.head]!;
      this.buffer[this.head++] = undefined as T; // the loop holds it now, the buffer does not
      // Ask for the next batch while the loop body works on the last items of this one: one pull in flight
      // at most, and not so early that a loop which breaks soon has made Python run far ahead.
      if (!this.end && !this.inFlight && this.ahead() <= Math.max(1, this.lastLanded >> 2)) void this.pull();
      return { done: false, value: item };
    }
    const error = this.end!.error;
    this.finish();
    if (error) throw error;
    return { done: true, value: undefined };
  }

  /** Ends the iteration early: the Python iterator is closed, and the items pulled ahead are released. */
  async return(value?: unknown): Promise<IteratorResult<T>> {
    if (this.closed) return { done: true, value: value as T };
    this.closed = true; // a pull still in flight releases its items when they land
    this.release(this.buffer.slice(this.head));
    this.buffer = [];
    this.head = 0;
    if (this.opened && !this.session.dead) {
      await this.session.request(iterNextOp(this.iterRef, null, 0, this.mode()), this.site);
    }
    return { done: true, value: value as T };
  }

  private ahead(): number {
    return this.buffer.length - this.head;
  }

  private mode(): number {
    return this.convert ? ValueMode.CONVERT : ValueMode.SHALLOW;
  }

  /** Sends a pull; its items join the buffer when they land, whenever the loop next looks. Never rejects. */
  private pull(): Promise<void> {
    let source: number | null = null;
    if (!this.opened) {
      source = materialize(stateOf(this.source)!, this.site);
      this.opened = true;
    }
    const asked = this.pullSize;
    const request = this.session.request(
      iterNextOp(this.iterRef, source, asked, this.mode()),
      this.site,
    ) as Promise<PullReply>;
    const landed = request.then(
      (reply) => {
        this.inFlight = undefined;
        if (this.closed) return this.release(reply[0]);
        // Grow while pulls come back full: Python's time and size budgets stop pulls of big or slow items.
        if (reply[0].length >= asked) this.pullSize = Math.min(asked * 2, MAX_PULL);
        this.lastLanded = reply[0].length;
        this.absorb(reply);
      },
      (e: unknown) => {
        this.inFlight = undefined;
        if (!this.closed) this.end = { error: e };
      },
    );
    this.inFlight = landed;
    return landed;
  }

  private absorb(reply: PullReply): void {
    const [items, status, error] = reply;
    if (!this.convert) for (const item of items) markUnconverted(item);
    // The items the loop has taken are dropped here, once per pull (not per item, as shift() would).
    this.buffer = this.head === this.buffer.length ? (items as T[]) : [...this.buffer.slice(this.head), ...(items as T[])];
    this.head = 0;
    if (status === PullStatus.DONE) this.end = { error: undefined };
    else if (status === PullStatus.RAISED) this.end = { error: new PythonError(error!, this.site) };
  }

  /** After the last item (the iterator is exhausted, or raised): its handle on the Python side is released. */
  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.opened && !this.session.dead) {
      this.session.request(iterNextOp(this.iterRef, null, 0, this.mode())).catch(() => undefined);
    }
  }

  private release(items: unknown[]): void {
    const states = new Set<PyState>();
    for (const item of items) collectItemStates(item, states);
    if (states.size > 0 && !this.session.dead) {
      this.session.releaseScope(states, new Set(), "when its iteration ended early");
    }
  }
}

/** Items of a `convert: false` iterable stay unconverted further down (their own iteration, their callbacks). */
function markUnconverted(item: unknown): void {
  const state = stateOf(item);
  if (state) state.convert = false;
  else if (Array.isArray(item)) for (const x of item) markUnconverted(x);
}

function collectItemStates(item: unknown, out: Set<PyState>): void {
  const state = stateOf(item);
  if (state) out.add(state);
  else if (Array.isArray(item)) for (const x of item) collectItemStates(x, out);
}

/**
 * Iterates a Python iterable: `for await (const [x, y] of iterate(loader)) { ... }`. Ending the loop early
 * closes the Python iterator; an exception raised by the iterator rejects the loop with a PythonError.
 */
export function iterate<T = any>(iterable: unknown): PyIterator<T> {
  const site = captureCallSite(iterate);
  if (!isProxy(iterable)) {
    throw new TypeError(`iterate() takes a Python iterable (a proxy), got ${describeValue(iterable)}`);
  }
  return new PyIterator<T>(iterable, site);
}

/** Returned by a `pyFor` body: leaves the loop (R's `break`). */
export const BREAK: unique symbol = Symbol("tsreticulate.BREAK");
/** Returned by a `pyFor` body: goes on with the next item (R's `next`); returning nothing does the same. */
export const NEXT: unique symbol = Symbol("tsreticulate.NEXT");

/**
 * The workshop's `py_for`: runs `body` for each item of a Python iterable, in order, waiting for each call.
 * `return BREAK` leaves the loop (the Python iterator is closed), `return NEXT` goes on.
 */
export async function pyFor<T = any>(
  iterable: unknown,
  body: (item: T) => unknown | Promise<unknown>,
): Promise<void> {
  if (typeof body !== "function") throw new TypeError(`pyFor() takes a function as its body, got ${typeof body}`);
  for await (const item of iterate<T>(iterable)) {
    const signal = await body(item);
    if (signal === BREAK) break;
  }
}

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "object") return `an instance of ${(v as object).constructor?.name ?? "Object"}`;
  return `a ${typeof v}`;
}

asyncIteratorHook.iterate = (proxy) => new PyIterator(proxy, captureCallSite());
