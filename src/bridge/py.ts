// `py`: the entry point. Holds the current session, starts one on first use and a fresh one after the
// Python process died; everything else reaches Python through proxies.
import { callSiteFor, type CallSite } from "./errors/errors.js";
import { normalizeOptions, type BridgeOptionsInput, type BridgeOptions } from "./options.js";
import { proxyLayer, resultProxy, stateOf, type PyObject, type PyState } from "./proxy.js";
import { Session, type ServerStats } from "./session/session.js";
import { contextStorage } from "./session/context.js";
import { withSignal } from "./session/abort.js";
import { connectOptions, type ConnectOptions } from "./connect.js";
import { createPool, type Pool, type PoolOptions } from "./pool.js";
import { registerSession } from "./bridge-registry.js";
import type { Launcher } from "./process/launcher.js";
import { localLauncher } from "./process/process.js";
import { remoteLauncher } from "./process/remote.js";
import { expressionIn } from "./expression.js";
import { evalOp, execOp, importOp } from "./wire/operations.js";

/** Typed modules: packages augment this interface (`declare module "tsreticulate" { interface PyModules ... }`). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface PyModules {}

export type ModuleOf<N extends string> = N extends keyof PyModules ? PyModules[N] : PyObject;

export interface ImportOptions {
  /**
   * reticulate's `convert`. Awaiting a proxy always yields its JS value; `convert: false` makes the values
   * Python hands over unasked (iteration items, callback arguments) arrive as proxies instead.
   */
  convert?: boolean;
}

const builtinsBySession = new WeakMap<Session, PyObject>();

/** `import name` in the Python process of `session`: a proxy at once. */
function importIn(session: Session, name: string, convert: boolean, site: CallSite | undefined): PyObject {
  const ref = session.newRef();
  session.emit(importOp(ref, name), site);
  return resultProxy(session, ref, name, convert);
}

/** The builtins module of one Python process (helpers such as len() reach the process of their argument). */
export function builtinsOf(session: Session): PyObject {
  let b = builtinsBySession.get(session);
  if (!b) {
    // Outside any py.scope: the module outlives whatever is running now. In the current JS callback's context,
    // though: issued at top level from inside a callback, the import would wait behind the Python call that
    // runs the callback, while the callback's own operations, which name its handle, run first.
    const ctx = contextStorage.getStore()?.ctx ?? null;
    const inCallback = ctx !== null && ctx > 0; // negative: a function being recorded (session.capture)
    b = contextStorage.run({ ctx: inCallback ? ctx : null, scope: undefined }, () =>
      importIn(session, "builtins", true, undefined),
    );
    builtinsBySession.set(session, b);
  }
  return b;
}

export class Bridge {
  private session: Session | undefined;
  private options: BridgeOptions | undefined;

  /** Sets bridge options for the next Python process (the current one, if any, keeps its own). */
  configure(options: BridgeOptionsInput): void {
    this.options = normalizeOptions(options);
  }

  /** The current session, starting one if there is none or the last one ended. */
  current(): Session {
    const s = this.session;
    if (s && !s.dead) return s;
    if (s?.unexpectedExit) {
      process.stderr.write(
        `tsreticulate: the Python process had ended (${s.deathReason}); starting a new one\n`,
      );
    }
    this.options ??= normalizeOptions();
    const options = this.options;
    // The session's own work (its receive loop) must not run inside the caller's py.scope or callback.
    this.session = contextStorage.exit(() => new Session(options, launcherFor(options), proxyLayer));
    registerSession(this.session, this);
    return this.session;
  }

  /** `import name` in Python: returns a proxy at once. */
  import<N extends string>(name: N, options: ImportOptions = {}): ModuleOf<N> {
    if (typeof name !== "string" || name.length === 0) {
      throw new TypeError(`py.import() takes a module name, got ${JSON.stringify(name)}`);
    }
    const session = this.current();
    return importIn(session, name, options.convert !== false, callSiteFor(session, this.import)) as ModuleOf<N>;
  }

  /** Runs Python statements in `__main__` (reticulate's py_run_string). Await the result to wait for it. */
  exec(code: string): PyObject {
    const session = this.current();
    const site = callSiteFor(session, this.exec);
    const ref = session.newRef();
    session.emit(execOp(ref, code), site);
    return resultProxy(session, ref, "exec(…)", true);
  }

  /** Evaluates a Python expression in `__main__`, with optional local variables (reticulate's py_eval). */
  eval(expression: string, locals?: Record<string, unknown>): PyObject {
    const session = this.current();
    const site = callSiteFor(session, this.eval);
    const ref = session.newRef();
    const wireLocals = locals ? session.toWire(locals, ["locals"]) : null;
    session.emit(evalOp(ref, expression, wireLocals), site);
    return resultProxy(session, ref, `eval(${JSON.stringify(expression.slice(0, 40))})`, true);
  }

  /**
   * A Python expression, with JS values and proxies in its `${}`: `` py.x`${a} + ${b} * 0.5` ``,
   * `` py.x`${x}[:, ${t}, :]` ``, `` py.x`[l.output for l in ${model}.layers]` ``. Each value is passed to
   * Python as a call's argument is (never pasted into the text); the text is Python as written (`String.raw`).
   * Returns a proxy at once and is sent without waiting, as a call is; it may be used in recorded functions.
   * Runs in `__main__`'s globals, as `eval` does.
   */
  x(strings: TemplateStringsArray, ...values: unknown[]): PyObject {
    const session = this.current();
    return expressionIn(session, strings, values, callSiteFor(session, this.x));
  }

  /**
   * Runs a Python file in `__main__` (reticulate's py_run_file), with `__file__` set to its path while it runs;
   * `{ local: true }` runs it in a fresh namespace instead. The namespace, as a proxy: `await item(ns, "x")`.
   */
  runFile(path: string, options: { local?: boolean } = {}): PyObject {
    if (typeof path !== "string" || path.length === 0) {
      throw new TypeError(`py.runFile() takes the path of a Python file, got ${JSON.stringify(path)}`);
    }
    const session = this.current();
    const site = callSiteFor(session, this.runFile);
    const module = importIn(session, "tsreticulate.main_module", true, site);
    return module.run_file(path, options.local === true);
  }

  /** Python's builtins module. */
  get builtins(): PyObject {
    return builtinsOf(this.current());
  }

  /**
   * Runs `fn`, then releases every Python object created inside it (except what it returns), so that a
   * loop body does not wait for the garbage collector to free its tensors.
   */
  async scope<T>(fn: () => T | Promise<T>): Promise<T> {
    const outer = contextStorage.getStore();
    const scope = new Set<PyState>();
    let result: T | undefined;
    try {
      result = await contextStorage.run({ ctx: outer?.ctx ?? null, scope }, fn);
      return result;
    } finally {
      const keep = new Set<PyState>();
      collectStates(result, keep);
      const bySession = new Map<Session, Set<PyState>>();
      for (const s of scope) {
        let set = bySession.get(s.session);
        if (!set) bySession.set(s.session, (set = new Set()));
        set.add(s);
      }
      for (const [session, states] of bySession) session.releaseScope(states, keep, "at the end of its py.scope");
      if (outer?.scope) for (const s of keep) outer.scope.add(s);
    }
  }

  /**
   * Runs `fn` with `signal` attached to the Python operations it issues: aborting rejects them with an
   * AbortError and raises KeyboardInterrupt in the Python code running them; the process answers the next
   * call as usual. `await py.withSignal(AbortSignal.timeout(60_000), () => model.fit({ ... }))`.
   */
  withSignal<T>(signal: AbortSignal, fn: () => T | Promise<T>): Promise<T> {
    return withSignal(signal, fn);
  }

  /** A bridge to a remote `tsreticulate serve` over CurveZMQ: `py.connect("tcp://gpu:5555", { serverKey, keyFile })`. */
  connect(endpoint: string, options: ConnectOptions): Bridge {
    const bridge = new Bridge();
    bridge.configure(connectOptions(endpoint, options));
    return bridge;
  }

  /**
   * `n` Python processes for independent jobs (`pool.run(py => ...)`, `pool.map(items, ...)`), with this
   * bridge's options unless given; or a pool over the given bridges (remote ones, for instance). With
   * `{ ray: {...} }` each worker runs in a Ray actor placed by a Ray cluster (docs/ray.md).
   */
  pool(sizeOrBridges: number | Bridge[], options?: PoolOptions): Pool {
    return createPool(sizeOrBridges, options ?? this.options, () => new Bridge());
  }

  /** Counters from the Python side: live handles, unobserved failures. For tests and diagnostics. */
  stats(): Promise<ServerStats> {
    return this.current().stats();
  }

  /** The Python process' id, once started. */
  async pid(): Promise<number | undefined> {
    const s = this.current();
    await s.started;
    return s.pid;
  }

  /** Stops the Python process and starts a fresh one. Existing proxies become unusable. */
  async restart(): Promise<void> {
    await this.shutdown();
    await this.current().started;
  }

  /** Stops the Python process. The next use of `py` starts a new one. */
  async shutdown(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    if (s && !s.dead) await s.shutdown();
  }
}

/** A local process, or the server py.connect() named. */
function launcherFor(options: BridgeOptions): Launcher {
  return options.remote ? remoteLauncher(options.remote) : localLauncher(options);
}

function collectStates(value: unknown, out: Set<PyState>, depth = 0): void {
  const s = stateOf(value);
  if (s) {
    out.add(s);
    return;
  }
  if (depth > 2 || typeof value !== "object" || value === null) return;
  for (const v of Array.isArray(value) ? value : Object.values(value)) collectStates(v, out, depth + 1);
}

/** The bridge: `py.import("keras")`. */
export const py = new Bridge();

