// Which bridge a session belongs to, and which bridge a pool job runs on: the state bridgeOf() and
// defaultBridge() read. Kept apart from py.ts (which writes it) so that neither imports the other's module.
import { AsyncLocalStorage } from "node:async_hooks";
import type { Bridge } from "./py.js";
import type { Session } from "./session/session.js";

const bridgesBySession = new WeakMap<Session, Bridge>();

/** Called by a Bridge for each session it starts. */
export function registerSession(session: Session, bridge: Bridge): void {
  bridgesBySession.set(session, bridge);
}

export function bridgeOfSession(session: Session): Bridge | undefined {
  return bridgesBySession.get(session);
}

/** The bridge of the pool job running now (pool.ts runs each job inside it). */
export const jobBridge = new AsyncLocalStorage<Bridge>();
