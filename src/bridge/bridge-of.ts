// One bridge per object: a helper builds its Python objects in the process its arguments live in (a pool
// worker, a py.connect() remote), never through the global `py` by habit. A helper with no Python argument
// (kerasCallback, defaultDevice, recordFunction) takes `{ bridge }`, else uses the bridge of the pool job it
// runs in, else `py`.
import { BridgeError } from "./errors/errors.js";
import { bridgeOfSession, jobBridge } from "./bridge-registry.js";
import { isProxy, stateOf } from "./proxy.js";
import { Bridge, py } from "./py.js";

/**
 * The bridge (Python process) a proxy belongs to: `bridgeOf(model).import("keras")` imports into the model's
 * process. Throws a TypeError for a value that is not a proxy and a BridgeError when its process has ended.
 */
export function bridgeOf(value: unknown, what = "bridgeOf()"): Bridge {
  const state = stateOf(value);
  if (!state || !isProxy(value)) throw new TypeError(`${what} takes a Python object (a proxy), got ${typeof value}`);
  if (state.session.dead) {
    throw new BridgeError(`${state.label} belongs to a Python process that has ended (${state.session.deathReason})`);
  }
  const bridge = bridgeOfSession(state.session);
  if (!bridge) throw new BridgeError(`${state.label} belongs to no bridge`); // every session is started by one
  return bridge;
}

/** The bridge a helper without Python arguments works on: the one given, else the pool job's, else `py`. */
export function defaultBridge(explicit?: Bridge): Bridge {
  if (explicit !== undefined) {
    if (!(explicit instanceof Bridge)) {
      throw new TypeError(`option "bridge" must be a Bridge (py, a pool worker, py.connect(...)), got ${typeof explicit}`);
    }
    return explicit;
  }
  return jobBridge.getStore() ?? py;
}
