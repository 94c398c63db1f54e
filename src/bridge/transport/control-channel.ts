// The control channel: a second socket to the server's control thread, for heartbeats and interrupts.
// Liveness is judged by heartbeats, never by how long a call takes: an hour-long model.fit in a healthy
// process answers pings all along, a stopped (SIGSTOP) or wedged process goes silent and its pending calls
// fail after `heartbeatTimeoutMs`. Pings are sent only while the session has work in flight, so an idle
// bridge neither holds Node open nor wakes the machine.
import type * as zmq from "zeromq";
import { encode } from "../wire/codec.js";
import { BridgeError } from "../errors/errors.js";
import { zeromq } from "./zeromq.js";

/** The Python process stopped answering heartbeats while calls were pending. */
export class PythonUnresponsiveError extends BridgeError {
  readonly silentMs: number;
  constructor(silentMs: number, where: string) {
    super(
      `the Python process ${where} has not answered heartbeats for ${(silentMs / 1000).toFixed(1)} s ` +
        "(stopped, frozen, or holding the GIL in native code); its pending calls are abandoned",
    );
    Object.defineProperty(this, "name", { value: "PythonUnresponsiveError", enumerable: false });
    this.silentMs = silentMs;
  }
}

export interface HeartbeatOptions {
  intervalMs: number;
  timeoutMs: number;
  /**
   * For a local process: whether it is computing right now. The heartbeat thread needs the GIL, so native
   * code that holds it (a long scikit-learn fit) silences heartbeats of a healthy process; silence while
   * the process runs on a CPU is not taken for death. A stopped or deadlocked process is not running.
   */
  isRunning?: () => boolean;
}

export class ControlChannel {
  private readonly socket: zmq.Dealer;
  private sending: Promise<unknown> = Promise.resolve();
  private closed = false;
  private beating = false;

  /** Whether the ping loop runs now. */
  get isBeating(): boolean {
    return this.beating;
  }
  private seq = 0;

  constructor(
    endpoint: string,
    private readonly routingId: string,
    private readonly options: HeartbeatOptions,
    private readonly isBusy: () => boolean,
    private readonly onSilent: (silentMs: number) => void,
    socketOptions: zmq.SocketOptions<zmq.Dealer> = {},
  ) {
    this.socket = new (zeromq().Dealer)({
      linger: 0,
      // A peer that is gone or stopped must not block the heartbeat loop: a send that cannot go out fails
      // (before the connection is made, or after it is lost). No high-water mark: a connected peer that reads
      // slowly (a stopped process) never makes an interrupt fail for a full queue.
      sendTimeout: 0,
      sendHighWaterMark: 0,
      // Short, as the main transport's: the loop ends soon after the session goes idle, so a script can exit.
      receiveTimeout: Math.max(10, Math.min(options.intervalMs, 200)),
      ...socketOptions,
    });
    this.socket.connect(endpoint);
  }

  /** Starts the heartbeat loop if the session is busy; it ends by itself once the session is idle. */
  wake(): void {
    if (this.beating || this.closed) return;
    this.beating = true;
    void this.beat();
  }

  /** Asks the server to interrupt these batches of this client (KeyboardInterrupt in the Python code). */
  interrupt(batchIds: number[]): void {
    if (batchIds.length === 0) return;
    this.post(["interrupt", this.routingId, batchIds]);
  }

  /**
   * Tells a remote server this idle client is still there (it forgets a client silent for longer than its
   * --client-timeout, with its objects). No answer: nothing waits for one.
   */
  presence(): void {
    this.post(["alive", this.routingId]);
  }

  /** Tells the server this client leaves, so that it drops the client's handles; waits for the send. */
  async farewell(): Promise<void> {
    this.post(["bye", this.routingId]);
    await this.sending;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close();
  }

  private post(message: unknown[]): void {
    if (this.closed) return;
    // zeromq.js allows one send in flight per socket.
    this.sending = this.sending
      .then(() => (this.closed ? undefined : this.socket.send(encode(message))))
      .catch(() => undefined); // a lost ping counts as silence; a lost interrupt, as one not sent
  }

  private async beat(): Promise<void> {
    let lastAnswer = Date.now();
    let lastPing = 0;
    try {
      while (!this.closed && this.isBusy()) {
        const now = Date.now();
        if (now - lastPing >= this.options.intervalMs) {
          lastPing = now;
          this.post(["ping", ++this.seq, this.routingId]);
        }
        try {
          await this.socket.receive();
          lastAnswer = Date.now();
          // Any answer proves life; wait out the rest of the interval before the next ping.
          const wait = this.options.intervalMs - (Date.now() - lastPing);
          if (wait > 0) await new Promise((r) => setTimeout(r, wait).unref());
        } catch (e) {
          if (this.closed) return;
          if ((e as { code?: string }).code !== "EAGAIN") throw e;
        }
        const silent = Date.now() - lastAnswer;
        if (silent > this.options.timeoutMs && this.options.isRunning?.()) {
          lastAnswer = Date.now() - this.options.intervalMs; // busy in native code: alive, keep watching
          continue;
        }
        if (silent > this.options.timeoutMs && this.isBusy()) {
          this.onSilent(silent);
          return;
        }
      }
    } catch {
      // The socket failed: the main transport notices its own failures; heartbeats just stop.
    } finally {
      this.beating = false;
    }
  }
}
