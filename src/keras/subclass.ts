// Python subclasses written in TypeScript, for ported code that subclasses Keras classes:
//
//   class Scale extends pyClass(keras.layers.Layer) {
//     build(input_shape: PyObject) { this.w = this.add_weight({ shape: tuple(input_shape[-1]), initializer: "ones" }); }
//     call(x: PyObject, training = null) { return training ? keras.ops.multiply(x, this.w) : x; }
//   }
//   const layer = new Scale({ name: "scale" });   // a proxy of the Python instance
//
// `new` makes (once per class and Python process) a real Python subclass (python/tsreticulate/subclass.py).
// Each method is a Python method with the parameter names as written (parameters.ts), and by default runs
// live: each Python call of it is a call of the JS method (a JS callback, as reticulate's `%py_class%`), with
// `this` the Python instance's proxy, scalars (None, bools, numbers, strings) as JS values and every other
// object (a tensor, a tuple) as a proxy. So JS control flow sees each call's own values. A class can list
// methods in `static recorded = ["call"]`: those are recorded on placeholders (src/bridge/record.ts) and
// replayed by Python, one recording per distinct set of scalar arguments (as tf.function retraces on Python
// values), which saves the round trip to TypeScript per call.
//
// The JS constructor is the Python `__init__`: `from_config`, `load_model` and any Python code that makes an
// instance run it, with `this` the new instance; its `super(...)` is the base's `__init__`. Getters and setters
// are Python properties; `super.name` in a method is Python's `super().name`. A JS class that extends a pyClass()
// class is a Python subclass of its Python class (`class Hello extends Hi`: `issubclass(Hello, Hi)`).
import { fileURLToPath } from "node:url";
import { BridgeError } from "../bridge/errors/errors.js";
import { callback, functionStandIn, isPlainObject } from "../bridge/wire/conversion.js";
import { dict } from "../bridge/wire/markers.js";
import { isProxy, type PyObject } from "../bridge/proxy.js";
import { recordFunction } from "../bridge/record.js";
import { bridgeOf } from "../bridge/bridge-of.js";
import type { Bridge } from "../bridge/py.js";
import type { Session } from "../bridge/session/session.js";
import { callerSource, parametersOf, type PythonParameters } from "./parameters.js";

/** A JS class standing for a Python subclass; its instances are proxies of Python instances. */
export interface PyClassConstructor {
  new (...args: any[]): PyObject;
  /** The Python base class(es). */
  readonly pythonBases: readonly PyObject[];
  /**
   * Methods to record instead of running live: each is recorded once per distinct set of non-tensor
   * arguments and replayed by Python, with no round trip to TypeScript per call. Set it in the subclass:
   * `static override recorded = ["call"]`.
   */
  recorded?: readonly string[];
  /**
   * Python parameter names, where the source as it runs does not have them: `{ call: ["inputs", "mask"] }`
   * (`constructor` for the constructor). Needed only for code bundled without source maps, whose bundler
   * renamed a parameter (parameters.ts undoes the renames of tsx, and of bundles run with source maps).
   */
  signatures?: Readonly<Record<string, readonly string[]>>;
  /** Keras' `cls.from_config(config)`: a new instance, made by Python, so the JS constructor runs. */
  from_config(config: unknown, ...rest: unknown[]): PyObject;
}

interface MadeClass {
  session: Session;
  cls: PyObject;
  /** Whether a JS class of the chain defines a constructor (the Python class then has a JS __init__). */
  jsInit: boolean;
}

interface Root {
  bases: PyObject[];
  /** The text of the file that called pyClass(), to undo the renames of its transpiler. */
  source: string | undefined;
}

const madeClasses = new WeakMap<Function, MadeClass>();
const roots = new WeakMap<Function, Root>();
/** Instances whose Python __init__ is running the JS constructor: the next `super()` of that class is theirs. */
const initializing: { jsClass: Function; self: PyObject; taken: PyObject | undefined }[] = [];

const thisFile = fileURLToPath(import.meta.url);
const ownFiles = new Set([thisFile, thisFile.replace(/subclass\.(ts|js)$/, "parameters.$1")]);

/**
 * A base class for TypeScript classes that subclass Python classes: `class MyLayer extends
 * pyClass(keras.layers.Layer) { call(x) { ... } }`. The methods, getters and setters the TS class defines
 * become those of the Python subclass; its constructor becomes `__init__`.
 */
export function pyClass(...bases: PyObject[]): PyClassConstructor {
  if (bases.length === 0) throw new TypeError("pyClass() takes at least one Python class, got none");
  bases.forEach((b, i) => {
    if (!isProxy(b)) throw new TypeError(`pyClass() base ${i} must be a Python class (a proxy), got ${typeof b}`);
  });
  const PythonSubclass = function (this: unknown, ...args: unknown[]): PyObject {
    if (!new.target) throw new TypeError("a pyClass() class must be called with new");
    return construct(new.target, PythonSubclass, args);
  } as unknown as PyClassConstructor;
  roots.set(PythonSubclass, { bases, source: callerSource((file) => ownFiles.has(file)) });
  Object.defineProperty(PythonSubclass, "pythonBases", { value: Object.freeze([...bases]) });
  Object.defineProperty(PythonSubclass, "from_config", {
    value: function (this: Function, config: unknown, ...rest: unknown[]) {
      // The config is a dict passed positionally, as Python passes it, even when written as an object literal.
      return pythonClassOf(this).from_config(isPlainObject(config) ? dict(config) : config, ...rest);
    },
    writable: true,
    configurable: true,
  });
  // `super.name` inside a method reaches this prototype: it is Python's super().name.
  (PythonSubclass as unknown as { prototype: object }).prototype = new Proxy(
    { constructor: PythonSubclass },
    {
      get(target, prop, receiver) {
        if (typeof prop !== "string" || prop in target || !isProxy(receiver)) return Reflect.get(target, prop, receiver);
        return subclassModuleIn(bridgeOf(receiver)).super_attr(receiver, prop);
      },
    },
  );
  return PythonSubclass;
}

/** The Python class a pyClass() class stands for (made on first use); what it becomes when passed to Python. */
export function pythonClassOf(jsClass: Function): PyObject {
  const root = rootOf(jsClass);
  if (!root) throw new TypeError(`${jsClass.name || "this class"} does not extend a pyClass() class`);
  return pythonClassFor(jsClass, root);
}

functionStandIn.of = (fn) => (rootOf(fn) && !roots.has(fn) ? pythonClassOf(fn) : undefined);

function rootOf(jsClass: Function): Function | undefined {
  for (let c: Function | null = jsClass; c && c !== Function.prototype; c = Object.getPrototypeOf(c) as Function | null) {
    if (roots.has(c)) return c;
  }
  return undefined;
}

function construct(jsClass: Function, root: Function, args: unknown[]): PyObject {
  const cls = pythonClassFor(jsClass, root);
  const subclassModule = subclassModuleIn(bridgeOfRoot(root));
  const pending = initializing[initializing.length - 1];
  if (pending && !pending.taken && pending.jsClass === jsClass) {
    // Python's __init__ is running this constructor: `super(...)` is the base's __init__. Its result (the
    // instance) is what the callback returns, so a failing base __init__ fails Python's __init__.
    pending.taken = subclassModule.init_base(pending.self, ...args);
    return pending.self;
  }
  if (!madeClasses.get(jsClass)!.jsInit) return cls(...args);
  // A `new` in TypeScript: the constructor is already running, so the instance is made without __init__ and the
  // constructor's `super(...)` arguments go to the base's __init__.
  const self = subclassModule.new_instance(cls);
  subclassModule.init_base(self, ...args);
  return self;
}

/** The bridge a pyClass() class lives on: its bases' (the subclass is made in their process). */
function bridgeOfRoot(root: Function): Bridge {
  return bridgeOf(roots.get(root)!.bases[0], "pyClass()");
}

function subclassModuleIn(bridge: Bridge): PyObject {
  return bridge.import("tsreticulate.helpers.subclass", { convert: false });
}

function pythonClassFor(jsClass: Function, root: Function): PyObject {
  const bridge = bridgeOfRoot(root);
  const session = bridge.current();
  const known = madeClasses.get(jsClass);
  if (known && known.session === session && !session.dead) return known.cls;
  const { bases, source } = roots.get(root)!;
  const { recorded: recordedNames = [], signatures = {} } = jsClass as unknown as Pick<PyClassConstructor, "recorded" | "signatures">;
  const recorded = new Set<string>(recordedNames);
  const chain = membersOf(jsClass, root);
  for (const name of recorded) {
    if (!chain.methods.has(name)) throw new TypeError(`${jsClass.name}.recorded names ${name}, which is not a method of the class`);
  }
  // A JS class that extends another pyClass() class is a Python subclass of that class' Python class (as
  // reticulate's `PyClass(inherit = Hi)`), defining only its own members; its constructor chain runs in JS.
  const parent = Object.getPrototypeOf(jsClass) as Function;
  const extendsJs = parent !== root;
  const pythonBases = extendsJs ? [pythonClassFor(parent, root)] : bases;
  const { methods: found, getters, setters } = extendsJs ? membersOf(jsClass, parent) : chain;
  const ctor = chain.ctor;
  const methods: Record<string, unknown[]> = {};
  for (const [name, fn] of found) {
    const spec = signatureOf(fn, source, `${jsClass.name}.${name}`, Object.hasOwn(signatures, name) ? signatures[name] : undefined);
    if (recorded.has(name)) {
      if (isAsync(fn)) throw new TypeError(`${jsClass.name}.${name} is async: it needs JS at each call and cannot be recorded`);
      methods[name] = ["recorded", callback(recorder(fn, `${jsClass.name}.${name}`, bridge), { convert: false }), spec];
    } else {
      methods[name] = ["live", callback(liveMethod(fn, spec), { convert: false }), spec];
    }
  }
  const properties: Record<string, unknown[]> = {};
  for (const name of new Set([...getters.keys(), ...setters.keys()])) {
    const get = getters.get(name);
    const set = setters.get(name);
    properties[name] = [
      get ? callback((packed: unknown[]) => get.call(packed[0]), { convert: false }) : null,
      set ? callback((packed: unknown[]) => void set.call(packed[0], packed[3]), { convert: false }) : null,
    ];
  }
  const ctorNames = Object.hasOwn(signatures, "constructor") ? (signatures as Record<string, readonly string[]>)["constructor"] : undefined;
  const ctorSpec = ctor ? signatureOf(ctor, source, `${jsClass.name}'s constructor`, ctorNames) : undefined;
  const init = ctorSpec ? [callback(initializer(jsClass, ctorSpec), { convert: false }), ctorSpec] : null;
  // Static methods are classmethods (Python's `@classmethod def from_config(cls, config)`), `this` the class.
  const classMethods: Record<string, unknown[]> = {};
  for (const [name, fn] of staticsOf(jsClass, extendsJs ? parent : root)) {
    const spec = signatureOf(fn, source, `${jsClass.name}.${name}`, Object.hasOwn(signatures, name) ? signatures[name] : undefined);
    classMethods[name] = [callback(liveMethod(fn, spec), { convert: false }), spec];
  }
  const cls = subclassModuleIn(bridge).make_class(
    jsClass.name || "JSClass", pythonBases, dict(methods), init, dict(properties), extendsJs, dict(classMethods),
  );
  madeClasses.set(jsClass, { session, cls, jsInit: ctor !== undefined });
  return cls;
}

function signatureOf(fn: Function, source: string | undefined, what: string, names?: readonly string[]): PythonParameters {
  const spec = parametersOf(fn, source);
  if (!spec) throw new BridgeError(`${what}: no parameters could be read`);
  if (names === undefined) return spec;
  if (!Array.isArray(names) || names.length !== spec.params.length || !names.every((n) => typeof n === "string")) {
    throw new TypeError(`${what}: signatures gives ${JSON.stringify(names)}, but it has ${spec.params.length} named parameter(s) (${spec.params.join(", ")})`);
  }
  return { ...spec, params: [...names] };
}

/** The JS arguments of one Python call: [self, missing, count, ...arguments, ...keyword pairs] unpacked. */
function unpack(packed: unknown[], spec: PythonParameters): { self: PyObject; args: unknown[] } {
  const missing = packed[1] as number;
  const count = packed[2] as number;
  const args: unknown[] = packed.slice(3, 3 + count);
  for (let i = 0; i < spec.params.length; i++) if (Math.floor(missing / 2 ** i) % 2 === 1) args[i] = undefined;
  const pairs = packed.slice(3 + count);
  if (spec.options || spec.rest) {
    const kwargs: Record<string, unknown> = {};
    for (let i = 0; i < pairs.length; i += 2) kwargs[pairs[i] as string] = pairs[i + 1];
    // An options object always arrives (its JS default is for JS callers); `...rest` gets one only when
    // Python passed keywords, as any JS function called from Python does.
    if (spec.options) args.splice(spec.params.length, args.length - spec.params.length, kwargs);
    else if (pairs.length > 0) args.push(kwargs);
  }
  while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
  return { self: packed[0] as PyObject, args };
}

function liveMethod(fn: Function, spec: PythonParameters) {
  return (packed: unknown[]) => {
    const { self, args } = unpack(packed, spec);
    return fn.apply(self, args);
  };
}

function initializer(jsClass: Function, spec: PythonParameters) {
  return (packed: unknown[]) => {
    const { self, args } = unpack(packed, spec);
    const entry: (typeof initializing)[number] = { jsClass, self, taken: undefined };
    initializing.push(entry);
    try {
      Reflect.construct(jsClass, args, jsClass);
    } finally {
      initializing.splice(initializing.lastIndexOf(entry), 1);
    }
    if (!entry.taken) throw new BridgeError(`${jsClass.name}'s constructor did not call super()`);
    return entry.taken;
  };
}

/** For a recorded method: given the scalar arguments of a call, a recording specialised on them. */
function recorder(fn: Function, name: string, bridge: Bridge) {
  return (packed: unknown[]) => {
    const [missing, placeholders, count] = packed as number[];
    const values = packed.slice(3);
    const bit = (mask: number, i: number) => Math.floor(mask / 2 ** i) % 2 === 1;
    let objects = 0;
    for (let i = 0; i < count!; i++) if (bit(placeholders!, i)) objects++;
    const specialised = (self: PyObject, ...tensors: PyObject[]) => {
      let t = 0;
      const args = values.map((v, i) => (bit(missing!, i) ? undefined : bit(placeholders!, i) ? tensors[t++] : v));
      while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
      return fn.apply(self, args);
    };
    const scalars = values.map((v, i) => (bit(placeholders!, i) ? "·" : bit(missing!, i) ? "–" : JSON.stringify(v))).join(", ");
    return recordFunction(specialised, 1 + objects, { convert: false, name: `${name}(${scalars})`, bridge });
  };
}

/** Which of a pyClass() class' methods run live (a JS call per Python call) and which are recorded. */
export function methodKinds(instanceOrClass: unknown): Promise<Record<string, "live" | "recorded">> {
  if (!isProxy(instanceOrClass)) {
    return Promise.reject(new TypeError(`methodKinds() takes a Python class or instance (a proxy), got ${typeof instanceOrClass}`));
  }
  return subclassModuleIn(bridgeOf(instanceOrClass)).method_kinds(instanceOrClass) as Promise<Record<string, "live" | "recorded">>;
}

interface Members {
  methods: Map<string, Function>;
  getters: Map<string, Function>;
  setters: Map<string, Function>;
  /** The constructor of the most derived JS class that defines one. */
  ctor: Function | undefined;
}

/** The members defined by `jsClass` and its JS ancestors below `root` (`root` excluded), the most derived winning. */
function membersOf(jsClass: Function, root: Function): Members {
  const out: Members = { methods: new Map(), getters: new Map(), setters: new Map(), ctor: undefined };
  const seen = new Set<string>();
  for (let c: Function | null = jsClass; c && c !== root; c = Object.getPrototypeOf(c) as Function | null) {
    if (c === Function.prototype) throw new BridgeError(`${jsClass.name} does not extend a pyClass() base`);
    if (out.ctor === undefined && parametersOf(c) !== undefined) out.ctor = c;
    for (const name of Object.getOwnPropertyNames(c.prototype)) {
      if (name === "constructor" || seen.has(name)) continue;
      seen.add(name);
      const desc = Object.getOwnPropertyDescriptor(c.prototype, name)!;
      if (typeof desc.value === "function") out.methods.set(name, desc.value as Function);
      if (desc.get) out.getters.set(name, desc.get);
      if (desc.set) out.setters.set(name, desc.set);
    }
  }
  return out;
}

/** Static members that configure pyClass itself, not Python class members. */
const PYCLASS_STATICS = new Set(["length", "name", "prototype", "recorded", "signatures", "pythonBases"]);

/** The static methods defined by `jsClass` and its JS ancestors below `stop` (`stop` excluded), the most derived winning. */
function staticsOf(jsClass: Function, stop: Function): Map<string, Function> {
  const out = new Map<string, Function>();
  for (let c: Function | null = jsClass; c && c !== stop && c !== Function.prototype; c = Object.getPrototypeOf(c) as Function | null) {
    for (const name of Object.getOwnPropertyNames(c)) {
      if (PYCLASS_STATICS.has(name) || out.has(name)) continue;
      const desc = Object.getOwnPropertyDescriptor(c, name)!;
      if (typeof desc.value === "function") out.set(name, desc.value as Function);
    }
  }
  return out;
}

function isAsync(fn: Function): boolean {
  const kind = fn.constructor?.name;
  return kind === "AsyncFunction" || kind === "AsyncGeneratorFunction";
}
