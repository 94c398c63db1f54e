// What a session knows of proxies, the layer above it (proxy.ts): the state behind each proxy, and three things
// the session asks of that layer, handed to it when it is made (py.ts), so that the session never imports it.

/** The part of a proxy's state (proxy.ts's PyState) a session reads and writes: its handle and its release. */
export interface HandleState {
  readonly session: unknown;
  /** The handle id, once the object exists on the Python side. */
  ref: number | undefined;
  /** Why a scope released it early (then the garbage collector's finalizer skips it). */
  released?: string;
}

/** The proxy layer, as session `S` uses it. */
export interface ProxyLayer<S> {
  /** A proxy for a handle that arrived from Python (a settled value: not thenable). */
  settled(session: S, ref: number, typeName: string, repr: string | null, convert: boolean): unknown;
  /**
   * The handle id of `value` if it is a proxy (sending what brings an expression into existence), undefined if it
   * is not one; throws for a proxy of another session.
   */
  refOf(session: S, value: unknown): number | undefined;
  isProxy(value: unknown): boolean;
}
