// Node stays alive while Python has work of ours to do; an idle bridge never holds the process open. One timer
// for the session's life, referenced only while busy: ref()/unref() cost next to nothing.

export class KeepAlive {
  private timer: NodeJS.Timeout | undefined;

  /** Holds Node open while `busy`; a session that `ended` drops its timer. */
  set(busy: boolean, ended: boolean): void {
    if (busy) {
      this.timer ??= setInterval(() => undefined, 1 << 30);
      this.timer.ref();
    } else if (this.timer) {
      if (ended) {
        clearInterval(this.timer);
        this.timer = undefined;
      } else {
        this.timer.unref();
      }
    }
  }
}
