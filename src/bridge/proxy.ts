// The proxy: a JS stand-in for a Python object, or for an expression (`obj.attr`, `obj[0]`) not yet sent.
// Every step returns a proxy at once; calls and assignments are sent (pipelined, batched per tick);
// attribute and item reads are sent only when something uses them, so that JS machinery probing a proxy
// (inspect, test matchers) never runs Python code.
import { inspect } from "node:util";
import { ValueMode } from "./wire/codes.js";
import { BridgeError, callSiteFor, type CallSite } from "./errors/errors.js";
import { isPlainObject, isWireReady } from "./wire/conversion.js";
import type { Session } from "./session/session.js";
import type { HandleState, ProxyLayer } from "./session/proxies.js";
import type { TypedArray } from "./wire/ndarray.js";
import {
  callMethodOp,
  callOp,
  delAttrOp,
  delItemOp,
  getAttrOp,
  getItemOp,
  setAttrOp,
  setItemOp,
  type Operation,
} from "./wire/operations.js";

export const STATE = Symbol("tsreticulate.state");

/** What a proxy stands for. */
export interface PyState extends HandleState {
  session: Session;
  /** For an expression not yet sent: the object and the attribute name or item key. */
  base?: PyState;
  /** Keeps the base object's proxy (and so its handle) alive while this expression can still be sent. */
  baseProxy?: PyObject;
  attr?: string;
  key?: unknown;
  /** Known for handles that arrived from Python: the object's type and repr. */
  typeName?: string;
  repr?: string | null;
  /** A settled handle is not thenable: `await` on it yields itself (it is already a value). */
  settled: boolean;
  /** Whether iteration items and callback arguments derived from this object arrive converted. */
  convert: boolean;
  /** A readable description for inspect: `keras.layers.Dense(…)`. */
  label: string;
  /**
   * The last attribute read from this object, while it is still an expression (not sent): `list.append(i)`
   * in a loop reuses one proxy for `list.append` instead of making, and registering, one per call. Once sent
   * (materialized) it is not reused: the attribute may have changed since. A weak reference: the state is what
   * the FinalizationRegistry holds for this object's proxy, and the attribute's proxy holds that proxy (its
   * base), so a strong one would keep the proxy, and its Python object, alive forever.
   */
  lastChild?: WeakRef<PyObject>;
}

/**
 * A Python object seen from TypeScript. Attribute access, indexing and calls return proxies at once;
 * `await` yields the object's JS value.
 */
export interface PyObject extends PromiseLike<any> {
  (...args: any[]): PyObject;
  new (...args: any[]): PyObject;
  [key: string]: any;
  [index: number]: any;
  /** `for await (const x of proxy)`: iterates the Python object (iteration.ts). */
  [Symbol.asyncIterator](): AsyncIterator<any>;
}

const RESERVED = new Set([
  "then",
  "toString",
  "valueOf",
  "toJSON",
  "constructor",
  "asymmetricMatch",
  "nodeType",
  "tagName",
  "prototype",
]);
const CANONICAL_INT = /^-?(0|[1-9]\d*)$/;

export function stateOf(value: unknown): PyState | undefined {
  if (typeof value !== "function") return undefined;
  return (value as unknown as Record<symbol, PyState | undefined>)[STATE];
}

export function isProxy(value: unknown): value is PyObject {
  return stateOf(value) !== undefined;
}

export function makeProxy(state: PyState): PyObject {
  // A function target makes the proxy callable and constructible (`new keras.layers.Dense(3)` works too).
  const target = function pyObject() {} as unknown as Record<PropertyKey, unknown>;
  target[STATE] = state;
  // util.inspect looks at a proxy's target, not through its traps: the description lives there.
  target[inspect.custom] = inspectTarget;
  return new Proxy(target, proxyHandler) as unknown as PyObject;
}

function inspectTarget(this: Record<PropertyKey, unknown>): string {
  return describeState(this[STATE] as PyState);
}

type Target = Record<PropertyKey, unknown>;
const stateIn = (target: Target) => target[STATE] as PyState;

// One handler for every proxy (the state lives on the target): creating a proxy allocates no closures.
const proxyHandler: ProxyHandler<Target> = {
  get(target, prop, receiver: PyObject) {
    const state = stateIn(target);
    if (prop === STATE) return state;
    if (typeof prop === "symbol") return symbolProperty(state, prop, receiver);
    if (RESERVED.has(prop)) return reservedProperty(state, prop);
    if (prop.startsWith("@@") || prop.startsWith("$$") || prop.startsWith("_isMock")) return undefined;
    if (CANONICAL_INT.test(prop)) return child(receiver, state, { key: Number(prop) });
    const last = state.lastChild?.deref();
    if (last !== undefined) {
      const cached = stateOf(last)!;
      if (cached.attr === prop && cached.ref === undefined && cached.baseProxy === receiver) return last;
    }
    const attribute = child(receiver, state, { attr: prop });
    state.lastChild = new WeakRef(attribute);
    return attribute;
  },
  set(target, prop, value) {
    if (typeof prop === "symbol") return false;
    const state = stateIn(target);
    const site = callSiteFor(state.session, proxyHandler.set);
    if (CANONICAL_INT.test(prop)) setItemOf(state, Number(prop), value, site);
    else setAttrOf(state, prop, value, site);
    return true;
  },
  deleteProperty(target, prop) {
    if (typeof prop === "symbol") return false;
    const s = live(stateIn(target));
    const site = callSiteFor(s.session, proxyHandler.deleteProperty);
    const obj = materialize(s, site);
    if (CANONICAL_INT.test(prop)) s.session.emit(delItemOp(obj, Number(prop)), site);
    else s.session.emit(delAttrOp(obj, prop), site);
    return true;
  },
  apply(target, _this, args) {
    const state = stateIn(target);
    return callProxy(state, args, callSiteFor(state.session, proxyHandler.apply));
  },
  construct(target, args) {
    const state = stateIn(target);
    const site = callSiteFor(state.session, proxyHandler.construct);
    return callProxy(state, args, site) as unknown as object;
  },
};

function symbolProperty(state: PyState, prop: symbol, receiver: PyObject): unknown {
  if (prop === inspect.custom) return () => describeState(state);
  if (prop === Symbol.toPrimitive) {
    return (hint: string) => {
      refuseWhileCapturing(state, "a JS string or number");
      // Arithmetic on a proxy (`this.n / this.bs`) would silently be NaN: the number it stands for is in Python.
      if (hint === "number") {
        throw new TypeError(
          `${state.label} is a Python object, not a JS number: await it first (\`await x\`), or compute in Python (py.x)`,
        );
      }
      return describeState(state);
    };
  }
  if (prop === Symbol.toStringTag) return "PyObject";
  if (prop === Symbol.asyncIterator) {
    return () => asyncIteratorHook.iterate(receiver);
  }
  return undefined;
}

/** Set by iteration.ts: `for await (const x of proxy)` works on any Python iterable. */
export const asyncIteratorHook: { iterate: (p: PyObject) => AsyncIterator<unknown> } = {
  iterate: () => {
    throw new BridgeError("iteration is not available");
  },
};

function reservedProperty(state: PyState, prop: string): unknown {
  switch (prop) {
    case "then":
      if (state.settled) return undefined;
      refuseWhileCapturing(state, "a JS value (awaited)");
      // No call site here: `await proxy` calls `then` from a microtask whose stack holds no user frame,
      // so capturing one would cost a stack walk per await and name nothing.
      return (onFulfilled?: (v: unknown) => unknown, onRejected?: (e: unknown) => unknown) =>
        valueOf(state, ValueMode.CONVERT, undefined).then(onFulfilled, onRejected);
    case "toString":
      return () => {
        refuseWhileCapturing(state, "a JS string");
        return describeState(state);
      };
    default:
      return undefined;
  }
}

/** While a function is recorded for Python (record.ts), proxies stand for values that do not exist yet. */
function refuseWhileCapturing(state: PyState, what: string): void {
  if (state.session.capturing) {
    throw new BridgeError(`${state.label} cannot become ${what} inside a function recorded for Python`);
  }
}

export function describeState(state: PyState): string {
  if (state.released) return `<released Python object ${state.label}>`;
  if (state.repr != null) return state.repr;
  if (state.typeName) return `<${state.typeName} object>`;
  return `<Python ${state.label}>`;
}

function child(baseProxy: PyObject, base: PyState, part: { attr?: string; key?: unknown }): PyObject {
  const label = part.attr !== undefined ? `${base.label}.${part.attr}` : `${base.label}[${labelOfKey(part.key)}]`;
  const state: PyState = {
    session: base.session,
    ref: undefined,
    base,
    baseProxy,
    attr: part.attr,
    key: part.key,
    settled: false,
    convert: base.convert,
    label,
  };
  const proxy = makeProxy(state);
  base.session.watch(proxy, state);
  return proxy;
}

function labelOfKey(key: unknown): string {
  if (typeof key === "number" || typeof key === "bigint") return String(key);
  if (typeof key === "string") return JSON.stringify(key);
  const s = stateOf(key);
  return s ? s.label : "…";
}

/** The live state (the session may have been replaced by a restart; a scope may have released it). */
function live(state: PyState): PyState {
  if (state.released) throw new BridgeError(`${state.label} was released (${state.released}) and cannot be used`);
  if (state.session.dead) {
    throw new BridgeError(
      `${state.label} belongs to a Python process that has ended (${state.session.deathReason}); ` +
        "objects do not survive a restart: create them again",
    );
  }
  return state;
}

/** Sends the operations that bring an expression into existence (once) and returns its handle id. */
export function materialize(state: PyState, site: CallSite | undefined): number {
  if (state.ref !== undefined) {
    live(state);
    return state.ref;
  }
  const s = live(state);
  const base = s.base!;
  // Sent now: no longer the reusable expression, and not kept alive by its base (its handle is released when
  // its own proxy is collected).
  const last = base.lastChild?.deref();
  if (last !== undefined && stateOf(last) === s) base.lastChild = undefined;
  const baseRef = materialize(base, site);
  const ref = s.session.newRef();
  if (s.attr !== undefined) {
    s.session.emit(getAttrOp(ref, baseRef, s.attr), site);
  } else {
    const key = s.session.toWire(s.key, ["key"]);
    s.session.emit(getItemOp(ref, baseRef, key), site);
  }
  s.ref = ref;
  s.session.adopt(s);
  return ref;
}

function splitArgs(args: unknown[]): { positional: unknown[]; kwargs: Record<string, unknown> | null } {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  let kwargs: Record<string, unknown> | null = null;
  if (n > 0 && isPlainObject(args[n - 1])) {
    kwargs = args[n - 1] as Record<string, unknown>;
    n--;
  }
  return { positional: n === args.length ? args : args.slice(0, n), kwargs };
}

export function callProxy(state: PyState, args: unknown[], site: CallSite | undefined): PyObject {
  const s = live(state);
  const session = s.session;
  const { positional, kwargs } = splitArgs(args);
  const ref = session.newRef();
  let op: Operation;
  if (s.ref === undefined && s.attr !== undefined) {
    // obj.method(...): one CALLMETHOD instead of a GETATTR and a CALL.
    const baseRef = materialize(s.base!, site);
    const wireArgs = isWireReady(positional) ? positional : session.toWire(positional, ["args"]);
    const wireKwargs = kwargs ? session.toWire(kwargs, ["kwargs"]) : null;
    op = callMethodOp(ref, baseRef, s.attr, wireArgs, wireKwargs);
  } else {
    const fnRef = materialize(s, site);
    const wireArgs = isWireReady(positional) ? positional : session.toWire(positional, ["args"]);
    const wireKwargs = kwargs ? session.toWire(kwargs, ["kwargs"]) : null;
    op = callOp(ref, fnRef, wireArgs, wireKwargs);
  }
  session.emit(op, site);
  return resultProxy(session, ref, `${s.label}(…)`, s.convert);
}

/** A proxy for the result of an operation already emitted under handle `ref`. */
export function resultProxy(session: Session, ref: number, label: string, convert: boolean): PyObject {
  const state: PyState = { session, ref, settled: false, convert, label };
  const proxy = makeProxy(state);
  session.watch(proxy, state);
  session.adopt(state);
  return proxy;
}

/** A proxy for a handle that arrived from Python (a settled value: not thenable). */
export function settledProxy(session: Session, ref: number, typeName: string, repr: string | null, convert = true): PyObject {
  const state: PyState = { session, ref, settled: true, convert, label: typeName, typeName, repr };
  const proxy = makeProxy(state);
  session.watch(proxy, state);
  session.adopt(state);
  return proxy;
}

export function setItemOf(state: PyState, key: unknown, value: unknown, site: CallSite | undefined): void {
  const s = live(state);
  const obj = materialize(s, site);
  const wireKey = s.session.toWire(key, ["key"]);
  const wireValue = s.session.toWire(value, ["value"]);
  s.session.emit(setItemOp(obj, wireKey, wireValue), site);
}

export function delItemOf(state: PyState, key: unknown, site: CallSite | undefined): void {
  const s = live(state);
  const obj = materialize(s, site);
  s.session.emit(delItemOp(obj, s.session.toWire(key, ["key"])), site);
}

export function setAttrOf(state: PyState, name: string, value: unknown, site: CallSite | undefined): void {
  const s = live(state);
  const obj = materialize(s, site);
  const wireValue = s.session.toWire(value, [name]);
  s.session.emit(setAttrOp(obj, name, wireValue), site);
}

export function valueOf(state: PyState, mode: number, site: CallSite | undefined, into?: TypedArray): Promise<unknown> {
  let s: PyState;
  let ref: number;
  try {
    s = live(state);
    ref = materialize(s, site);
  } catch (e) {
    return Promise.reject(e);
  }
  return s.session.value(ref, mode, site, into);
}

/** An expression proxy for `obj[key]` with any key (strings, tuples, slices, proxies). */
export function itemProxy(obj: unknown, key: unknown): PyObject {
  const state = stateOf(obj);
  if (!state) throw new TypeError(`item() takes a Python object (a proxy), got ${typeof obj}`);
  return child(obj as PyObject, state, { key });
}

/** An expression proxy for `getattr(obj, name)`, for names a proxy reserves (`then`, `toString`, ...). */
export function attrProxy(obj: unknown, name: string): PyObject {
  const state = stateOf(obj);
  if (!state) throw new TypeError(`attr() takes a Python object (a proxy), got ${typeof obj}`);
  return child(obj as PyObject, state, { attr: name });
}

/** This layer as sessions use it (session/proxies.ts): given to each session when the bridge makes it (py.ts). */
export const proxyLayer: ProxyLayer<Session> = {
  settled: settledProxy,
  refOf(session, value) {
    const state = stateOf(value);
    if (!state) return undefined;
    if (state.session !== session) {
      throw new BridgeError(`${state.label} belongs to another Python process and cannot be passed to this one`);
    }
    return materialize(state, undefined);
  },
  isProxy,
};
