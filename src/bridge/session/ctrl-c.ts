// Ctrl-C while calls are in flight interrupts those calls, not Node; an idle Ctrl-C, or a second one while the
// interrupted calls still wind down, exits Node as usual.

export class CtrlC {
  private listener: (() => void) | undefined;
  /** After a Ctrl-C, the next one (until the session is idle again) exits Node as usual. */
  private used = false;
  private wanted = false;
  private removal: NodeJS.Immediate | undefined;

  /** `interrupt`: what a Ctrl-C does while listened to (the session interrupts every call in flight). */
  constructor(private readonly interrupt: () => void) {}

  /** Listens while `on` (calls are waited for), unless a Ctrl-C was already used since the session was idle. */
  listen(on: boolean): void {
    this.set(on && !this.used);
  }

  /** The session is idle: the next Ctrl-C while busy interrupts again. */
  idle(): void {
    this.used = false;
  }

  /** The session ended: stop listening at once. */
  end(): void {
    this.wanted = false;
    if (this.listener) this.remove();
  }

  private set(on: boolean): void {
    this.wanted = on;
    if (on) {
      if (!this.listener) {
        this.listener = () => {
          this.used = true;
          this.set(false);
          this.interrupt();
        };
        process.on("SIGINT", this.listener);
      }
      return;
    }
    if (!this.listener) return;
    if (this.used) {
      this.remove();
      return;
    }
    // Removed one turn of the event loop later: a script that awaits call after call would otherwise start
    // and stop Node's signal watcher at every call.
    if (!this.removal) {
      this.removal = setImmediate(() => {
        this.removal = undefined;
        if (!this.wanted) this.remove();
      });
      this.removal.unref();
    }
  }

  private remove(): void {
    clearImmediate(this.removal);
    this.removal = undefined;
    if (this.listener) {
      process.off("SIGINT", this.listener);
      this.listener = undefined;
    }
  }
}
