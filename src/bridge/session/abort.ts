// Interrupts: `py.withSignal(signal, fn)` runs fn so that every operation it issues belongs to `signal`.
// Aborting interrupts the Python code running them (KeyboardInterrupt, raised by the server's control thread) and
// settles their pending results with Python's answer: an AbortError for the interrupt, the value where Python
// code caught it (replies.ts waits up to a grace period, then rejects anyway); the process lives on.
import { AsyncLocalStorage } from "node:async_hooks";
import { BridgeError } from "../errors/errors.js";

/** A call was aborted (an AbortSignal, or Ctrl-C while it ran). Named "AbortError", as fetch's is. */
export class AbortError extends BridgeError {
  constructor(message = "the Python call was aborted", options?: ErrorOptions) {
    super(message, options);
    Object.defineProperty(this, "name", { value: "AbortError", enumerable: false });
  }
}

export function isAbortError(e: unknown): e is AbortError {
  return e instanceof Error && e.name === "AbortError";
}

export function abortErrorOf(signal: AbortSignal): AbortError {
  const reason: unknown = signal.reason;
  const why = reason instanceof Error ? reason.message : reason === undefined ? "" : String(reason);
  return new AbortError(`the Python call was aborted${why ? ` (${why})` : ""}`, { cause: reason });
}

const signalStorage = new AsyncLocalStorage<AbortSignal>();

/** The signal the current code runs under, if any. */
export function currentSignal(): AbortSignal | undefined {
  return signalStorage.getStore();
}

/**
 * Runs `fn` with `signal` attached to every Python operation it issues (directly or in what it awaits).
 * An already aborted signal rejects at once; an operation issued after the abort throws AbortError.
 */
export async function withSignal<T>(signal: AbortSignal, fn: () => T | Promise<T>): Promise<T> {
  if (!(signal instanceof AbortSignal)) {
    throw new TypeError(`withSignal() takes an AbortSignal, got ${signal === null ? "null" : typeof signal}`);
  }
  if (signal.aborted) throw abortErrorOf(signal);
  // Awaited inside the run: awaiting a proxy issues its value request, which must belong to the signal too.
  return signalStorage.run(signal, async () => await fn());
}

/** A session's operations issued under a signal, and what to do when one aborts. */
export class AbortTracker {
  private readonly bySignal = new Map<AbortSignal, { ops: Set<number>; listener: () => void }>();
  private readonly signalOf = new Map<number, AbortSignal>();

  constructor(private readonly onAbort: (ops: ReadonlySet<number>, error: AbortError) => void) {}

  /** Throws if the current signal is aborted: an aborted loop stops at its next Python operation. */
  check(): AbortSignal | undefined {
    const signal = signalStorage.getStore();
    if (signal?.aborted) throw abortErrorOf(signal);
    return signal;
  }

  track(opId: number, signal: AbortSignal): void {
    let entry = this.bySignal.get(signal);
    if (!entry) {
      const ops = new Set<number>();
      const listener = () => this.aborted(signal);
      entry = { ops, listener };
      this.bySignal.set(signal, entry);
      signal.addEventListener("abort", listener, { once: true });
    }
    entry.ops.add(opId);
    this.signalOf.set(opId, signal);
  }

  /** An operation is over (its batch is done): it no longer belongs to its signal. */
  forget(opId: number): void {
    const signal = this.signalOf.get(opId);
    if (!signal) return;
    this.signalOf.delete(opId);
    const entry = this.bySignal.get(signal);
    if (!entry) return;
    entry.ops.delete(opId);
    if (entry.ops.size === 0) {
      signal.removeEventListener("abort", entry.listener);
      this.bySignal.delete(signal);
    }
  }

  clear(): void {
    for (const [signal, entry] of this.bySignal) signal.removeEventListener("abort", entry.listener);
    this.bySignal.clear();
    this.signalOf.clear();
  }

  private aborted(signal: AbortSignal): void {
    const entry = this.bySignal.get(signal);
    if (!entry) return;
    this.bySignal.delete(signal);
    for (const id of entry.ops) this.signalOf.delete(id);
    this.onAbort(entry.ops, abortErrorOf(signal));
  }
}

/** Runs `fn` outside any signal: for work that outlives the call that started it (the receive loops). */
export function outsideSignal<T>(fn: () => T): T {
  return signalStorage.exit(fn);
}
