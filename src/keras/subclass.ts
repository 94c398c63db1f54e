// Python subclasses written in TypeScript, for ported code that subclasses Keras classes:
//
//   class Scale extends pyClass(keras.layers.Layer) {
//     build(input_shape: PyObject) { this.w = this.add_weight({ shape: tuple(1), initializer: "ones" }); }
//     call(x: PyObject) { return keras.ops.multiply(x, this.w); }
//   }
//   const layer = new Scale({ name: "scale" });   // a proxy of the Python instance
//
// `new` makes (once per class and Python process) a real Python subclass (python/tsreticulate/subclass.py);
// `super(...)`'s arguments go to the Python base class' __init__. Each TS method becomes a Python method with
// `this` bound to the Python instance, in one of two ways:
// - recorded (src/bridge/record.ts): the method runs once, when the class is made, on placeholders, and Python
//   replays its operations at each call, with no round trip to TypeScript (what `fit` needs per batch);
// - a JS callback, for a method that cannot be recorded (it awaits, reads a JS value, takes `...rest`): each
//   call is a round trip to TypeScript, whose operations are pipelined back. It works, more slowly.
import { callback } from "../bridge/conversion.js";
import { NotRecordableError, recordFunction } from "../bridge/record.js";
import { dict } from "../bridge/markers.js";
import { BridgeError } from "../bridge/errors.js";
import { isProxy, type PyObject } from "../bridge/proxy.js";
import { bridgeOf } from "../bridge/bridge-of.js";
import type { Bridge } from "../bridge/py.js";
import type { Session } from "../bridge/session.js";

/** A JS class standing for a Python subclass; its instances are proxies of Python instances. */
export interface PyClassConstructor {
  new (...args: any[]): PyObject;
  /** The Python base class(es). */
  readonly pythonBases: readonly PyObject[];
}

interface MadeClass {
  session: Session;
  cls: PyObject;
}

const madeClasses = new WeakMap<Function, MadeClass>();

/**
 * A base class for TypeScript classes that subclass Python classes: `class MyLayer extends
 * pyClass(keras.layers.Layer) { call(x) { ... } }`. The methods the TS class defines (not its constructor,
 * getters or fields) become methods of the Python subclass.
 */
export function pyClass(...bases: PyObject[]): PyClassConstructor {
  if (bases.length === 0) throw new TypeError("pyClass() takes at least one Python class, got none");
  bases.forEach((b, i) => {
    if (!isProxy(b)) throw new TypeError(`pyClass(): base ${i} must be a Python class (a proxy), got ${typeof b}`);
  });
  const PythonSubclass = function (this: unknown, ...args: unknown[]): PyObject {
    if (!new.target) throw new TypeError("a pyClass() class must be called with new");
    return pythonClassFor(new.target, PythonSubclass as unknown as Function, bases)(...args);
  } as unknown as PyClassConstructor;
  Object.defineProperty(PythonSubclass, "pythonBases", { value: Object.freeze([...bases]) });
  return PythonSubclass;
}

function pythonClassFor(jsClass: Function, root: Function, bases: PyObject[]): PyObject {
  const bridge = bridgeOf(bases[0], "pyClass()"); // the subclass lives where its bases do
  const session = bridge.current();
  const known = madeClasses.get(jsClass);
  if (known && known.session === session && !session.dead) return known.cls;
  const methods: Record<string, unknown[]> = {};
  for (const [name, fn] of methodsOf(jsClass, root)) {
    const { params, required, rest } = parametersOf(fn);
    // `self` and the arguments arrive as handles (convert: false): tensors stay in Python.
    const forward = (self: PyObject, ...args: unknown[]) => fn.apply(self, args);
    // An async method needs JS at each call: it is not run on placeholders at all.
    const recordable = !rest && fn.constructor?.name !== "AsyncFunction";
    const recorded = recordable ? recordMethod(forward, 1 + params.length, `${jsClass.name}.${name}`, bridge) : undefined;
    methods[name] = recorded
      ? [recorded, params, required, rest, true]
      : [callback(forward, { convert: false }), params, required, rest, false];
  }
  const subclass = bridge.import("tsreticulate.subclass");
  const cls = subclass.make_class(jsClass.name || "JSClass", bases, dict(methods));
  madeClasses.set(jsClass, { session, cls });
  return cls;
}

/** The method recorded for replay in Python, or undefined when it needs JS at each call. */
function recordMethod(forward: (...args: PyObject[]) => unknown, arity: number, name: string, bridge: Bridge): PyObject | undefined {
  try {
    return recordFunction(forward, arity, { convert: false, name, bridge });
  } catch (e) {
    if (e instanceof NotRecordableError) return undefined;
    throw e;
  }
}

/** Which of a pyClass() class' methods Python replays (recorded) and which call back into TypeScript. */
export function methodKinds(instanceOrClass: unknown): Promise<Record<string, "recorded" | "callback">> {
  if (!isProxy(instanceOrClass)) {
    return Promise.reject(new TypeError(`methodKinds() takes a Python class or instance (a proxy), got ${typeof instanceOrClass}`));
  }
  return bridgeOf(instanceOrClass).import("tsreticulate.subclass").method_kinds(instanceOrClass) as Promise<Record<string, "recorded" | "callback">>;
}

/** The methods defined by `jsClass` and its JS ancestors below `root`, the most derived winning. */
function methodsOf(jsClass: Function, root: Function): Map<string, Function> {
  const out = new Map<string, Function>();
  for (let c: Function | null = jsClass; c && c !== root; c = Object.getPrototypeOf(c) as Function | null) {
    if (c === Function.prototype) {
      throw new BridgeError(`${jsClass.name} does not extend a pyClass() base`);
    }
    for (const name of Object.getOwnPropertyNames(c.prototype)) {
      if (name === "constructor" || out.has(name)) continue;
      const desc = Object.getOwnPropertyDescriptor(c.prototype, name);
      if (desc && typeof desc.value === "function") out.set(name, desc.value as Function);
    }
  }
  return out;
}

/**
 * The parameter names of a JS method, read from its source: Python libraries inspect signatures (Keras passes
 * `training` only to a `call` that names it). Parameters with a default are optional in Python too.
 */
export function parametersOf(fn: Function): { params: string[]; required: number; rest: boolean } {
  const source = Function.prototype.toString.call(fn);
  const open = source.indexOf("(");
  let depth = 0;
  let close = -1;
  for (let i = open; i < source.length; i++) {
    const ch = source[i];
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") depth--;
    if (depth === 0) {
      close = i;
      break;
    }
  }
  const list = open >= 0 && close > open ? source.slice(open + 1, close) : "";
  const params: string[] = [];
  let required = -1;
  let rest = false;
  for (const raw of splitTopLevel(list)) {
    const p = raw.replace(/\/\*[\s\S]*?\*\//g, "").trim();
    if (!p) continue;
    if (p.startsWith("...")) {
      rest = true;
      break;
    }
    const name = /^[A-Za-z_$][\w$]*/.exec(p)?.[0] ?? `arg${params.length}`;
    if (p.includes("=") && required < 0) required = params.length;
    params.push(name);
  }
  return { params, required: required < 0 ? params.length : required, rest };
}

function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") depth--;
    else if (ch === "," && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts;
}
