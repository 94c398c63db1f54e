// The JS context an operation is issued from, carried through awaits: the JS callback call it belongs to (its
// operations go out in that call's batches, not the top level's) and the open py.scope (which releases what
// was created in it).
import { AsyncLocalStorage } from "node:async_hooks";
import type { HandleState } from "./proxies.js";

export interface ContextStore {
  /** The id of the JS callback call running (from Python), a negative id while recording, null at top level. */
  ctx: number | null;
  scope: Set<HandleState> | undefined;
}

export const contextStorage = new AsyncLocalStorage<ContextStore>();
