// Errors the bridge throws: PythonError for exceptions raised in Python, BridgeError for the bridge's own
// failures, ProcessExitedError when the Python process died. Detected across module copies by a symbol.

import { fileURLToPath } from "node:url";

const kind = Symbol.for("tsreticulate.error");

export interface PythonFailureInfo {
  origin: number | null;
  type: string;
  mro: string[];
  message: string;
  traceback: string;
  cause: PythonFailureInfo | null;
  context: boolean;
  jsCall?: number;
}

/** An exception raised in Python, with its type, message, traceback and the TypeScript line that caused it. */
export class PythonError extends Error {
  /** The exception's type as Python prints it: `ValueError`, `torch.OutOfMemoryError`. */
  readonly type: string;
  /** The qualified names of the exception's classes, most derived first (`isinstance` checks). */
  readonly mro: string[];
  /** `str(exception)`. */
  readonly pythonMessage: string;
  /** The formatted Python traceback. */
  readonly pythonTraceback: string;
  /** The id of the operation that raised first (the Python side remembers a few recent exceptions by it). */
  readonly origin: number | null;
  /** Where, in TypeScript, the failing operation was issued (`file.ts:12:5`), when known. */
  readonly callSite: string | undefined;
  readonly [kind] = "python";

  constructor(info: PythonFailureInfo, callSite: CallSite | undefined, jsCause?: unknown) {
    const site = callSite ? firstUserFrame(callSite) : undefined;
    super(`${info.type}: ${info.message}${site ? `\n    (issued at ${site})` : ""}`, {
      cause: jsCause ?? (info.cause ? new PythonError(info.cause, undefined) : undefined),
    });
    Object.defineProperty(this, "name", { value: "PythonError", enumerable: false });
    this.type = info.type;
    this.mro = info.mro;
    this.pythonMessage = info.message;
    this.pythonTraceback = info.traceback;
    this.origin = info.origin;
    this.callSite = site;
    const jsStack = callSite ? stackFrames(callSite) : "";
    this.stack = `PythonError: ${info.type}: ${info.message}\n${indent(info.traceback.trimEnd())}${jsStack ? `\n${jsStack}` : ""}`;
  }

  /** Whether the exception is an instance of the Python class `name` (`"OSError"`, `"keras.KerasError"`). */
  isInstance(name: string): boolean {
    return this.mro.some((n) => n === name || n.endsWith(`.${name}`));
  }
}

/** A failure of the bridge itself: protocol, environment, start-up. */
export class BridgeError extends Error {
  readonly [kind] = "bridge";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    // configurable: subclasses (ProcessExitedError, AbortError) define their own name on the same instance.
    Object.defineProperty(this, "name", { value: "BridgeError", enumerable: false, configurable: true });
  }
}

/** The Python process exited (crashed, was killed) while operations were pending. */
export class ProcessExitedError extends BridgeError {
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
  readonly stderrTail: string;
  constructor(exitCode: number | undefined, signal: string | undefined, stderrTail: string) {
    const how = signal ? `was killed by ${signal}` : `exited with code ${exitCode}`;
    super(`the Python process ${how}${stderrTail ? `; the last lines of its stderr:\n${stderrTail}` : ""}`);
    Object.defineProperty(this, "name", { value: "ProcessExitedError", enumerable: false });
    this.exitCode = exitCode;
    this.signal = signal;
    this.stderrTail = stderrTail;
  }
}

export function isPythonError(e: unknown): e is PythonError {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[kind] === "python";
}

export function isBridgeError(e: unknown): e is BridgeError {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[kind] === "bridge";
}

/** A captured stack, formatted only if an error needs it (V8 formats `stack` lazily). */
export interface CallSite {
  stack?: string;
}

/**
 * The stack of the code issuing an operation, from the caller of `above` (a proxy trap, a py.* function) when
 * given: the user's line is the first frame above a proxy trap, or a few frames up from a helper of this
 * package. A capture costs a few µs whatever the limit (measured alike from 1 to 10 frames); the frames are
 * formatted only if an error is reported.
 */
export function captureCallSite(above: Function = captureCallSite): CallSite {
  const site: CallSite = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = CALL_SITE_FRAMES;
  Error.captureStackTrace(site, above);
  Error.stackTraceLimit = limit;
  return site;
}

const CALL_SITE_FRAMES = 5;

/** The call site of an operation of `session`, or undefined where its `callSites` option turned them off. */
export function callSiteFor(session: { readonly callSites: boolean }, above: Function | undefined): CallSite | undefined {
  return session.callSites ? captureCallSite(above ?? callSiteFor) : undefined;
}

// The frames errors leave out: the bridge's own, that is its modules' folder and its subfolders (src/bridge, dist/bridge) or, run from
// the bundle (dist/index.js, scripts/bundle.mjs), that whole file; and any dependency's.
const here = fileURLToPath(import.meta.url);
const bundled = !/[\\/]bridge[\\/]errors[\\/]errors\.[jt]s$/.test(here);
const dependency = /[\\/]node_modules[\\/]/;
const ownModules = /[\\/](src|dist)[\\/]bridge[\\/]/;
function isOwnFrame(line: string): boolean {
  return dependency.test(line) || (bundled ? line.includes(`${here}:`) : ownModules.test(line));
}

function userFrames(site: CallSite): string[] {
  const lines = (site.stack ?? "").split("\n").slice(1);
  return lines.filter((l) => l.trim().startsWith("at ") && !isOwnFrame(l) && !/[( ]node:/.test(l));
}

/** The user's line in a captured call site (`file.ts:12:5`), leaving out the bridge's own frames. */
export function firstUserFrame(site: CallSite): string | undefined {
  const frame = userFrames(site)[0];
  if (!frame) return undefined;
  const m = /\(([^()]+)\)\s*$/.exec(frame) ?? /at (.+)$/.exec(frame.trim());
  return m ? m[1] : frame.trim();
}

function stackFrames(site: CallSite): string {
  return userFrames(site).join("\n");
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
}
