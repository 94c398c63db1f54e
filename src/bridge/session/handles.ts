// Handle lifetime: a Python object lives while its proxy does. A proxy collected by the garbage collector, or
// released at the end of its py.scope, has its handle queued for release; the releases go out with the next
// batch (Session.flush), after every operation that could still name them.
import type { HandleState } from "./proxies.js";
import { contextStorage } from "./context.js";

const RELEASE_BATCH = 1024;
/** Releases ride along with the next batch; alone, they wait this long to be many. */
const RELEASE_DELAY_MS = 20;

/** What releasing asks of the session. */
export interface ReleaseHost {
  readonly dead: boolean;
  /** Sends what is queued soon (in a microtask or two). */
  scheduleFlush(): void;
}

export class HandleReleases {
  private refs: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly registry = new FinalizationRegistry<HandleState>((state) => this.finalized(state));

  /** `host` is the session: the states it finalizes belong to it. */
  constructor(private readonly host: ReleaseHost) {}

  /** Releases the handle of `state` once `proxy` is garbage-collected. */
  watch(proxy: object, state: HandleState): void {
    // No unregister token (it would cost a table entry per proxy): a state released early is marked
    // `released`, and finalized() skips it.
    this.registry.register(proxy, state);
  }

  /** Records a state that just got a handle in the open py.scope, if any. */
  adopt(state: HandleState): void {
    const scope = contextStorage.getStore()?.scope;
    if (scope) scope.add(state);
  }

  /** Releases what a py.scope created, except the states in `keep`. */
  releaseScope(scope: ReadonlySet<HandleState>, keep: ReadonlySet<HandleState>, why: string): void {
    for (const s of scope) {
      if (keep.has(s) || s.released || s.ref === undefined) continue;
      if (!this.host.dead) this.refs.push(s.ref);
      s.released = why;
    }
    if (this.refs.length > 0) this.host.scheduleFlush();
  }

  /** The handle ids to release, taken for the batch being sent; undefined when there are none. */
  take(): number[] | undefined {
    if (this.refs.length === 0) return undefined;
    const refs = this.refs;
    this.refs = [];
    clearTimeout(this.timer);
    this.timer = undefined;
    return refs;
  }

  /** The session ended: nothing is left to release. */
  clear(): void {
    this.refs = [];
    clearTimeout(this.timer);
  }

  private finalized(state: HandleState): void {
    if (state.released || state.ref === undefined || state.session !== this.host || this.host.dead) return;
    this.release(state.ref);
    state.ref = undefined;
  }

  private release(ref: number): void {
    this.refs.push(ref);
    if (this.refs.length >= RELEASE_BATCH) {
      this.host.scheduleFlush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.host.scheduleFlush();
      }, RELEASE_DELAY_MS);
      this.timer.unref();
    }
  }
}
