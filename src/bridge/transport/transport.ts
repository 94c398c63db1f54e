// ZeroMQ transport: one DEALER socket to the server's ROUTER. Knows only frames.
import type * as zmq from "zeromq";
import { zeromq } from "./zeromq.js";

// A receive pending on a connected zeromq.js socket keeps Node's event loop alive, and zeromq.js has no
// unref() and no way to cancel a receive. So the transport receives exactly while the session has work in
// flight: the session becomes idle only when a message says its last batch is done (or when it dies, which
// closes the socket and ends the pending receive), so the loop checks after each message whether to receive
// again. No receive timeout, no polling: a message is taken when libzmq signals it, whatever else Node does.

export class Transport {
  /** Exposed for process/remote.ts, which watches a remote handshake's events. */
  readonly socket: zmq.Dealer;
  private sendInFlight = false;
  /** Messages waiting for the send in flight to be reported. */
  private readonly waiting: (Buffer | Uint8Array)[][] = [];
  private closed = false;
  private receiving = false;

  /** Whether a receive loop runs now (waking it again would do nothing). */
  get isReceiving(): boolean {
    return this.receiving;
  }

  constructor(
    endpoint: string,
    private readonly onMessage: (frames: Buffer[]) => void,
    private readonly onError: (error: unknown) => void,
    private readonly isBusy: () => boolean,
    options: zmq.SocketOptions<zmq.Dealer> = {},
    /** Runs before the socket connects (process/remote.ts watches a remote handshake from its first attempt). */
    beforeConnect?: (socket: zmq.Dealer) => void,
  ) {
    this.socket = new (zeromq().Dealer)({
      linger: 0,
      sendHighWaterMark: 0,
      receiveHighWaterMark: 0,
      // The socket connects while Python is still importing, before it has bound: libzmq's default 100 ms
      // between connection attempts would add up to that much to every start-up. To a local process (ipc) an
      // attempt is one failing connect() on a socket file not there yet, so it tries every millisecond (10 ms
      // measured 8 ms, 1 ms 0.2 ms, median, from Python's bind to the first batch); over TCP, every 10 ms.
      reconnectInterval: endpoint.startsWith("ipc://") ? 1 : 10,
      ...options,
    });
    beforeConnect?.(this.socket);
    this.socket.connect(endpoint);
  }

  /**
   * Sends one multipart message. zeromq.js allows one send in flight per socket, so sends wait their turn. The
   * caller wakes the receive loop (`wake`) when it expects an answer: the session does so once per flush.
   */
  send(frames: (Buffer | Uint8Array)[]): void {
    if (this.closed) return;
    if (this.sendInFlight) this.waiting.push(frames);
    else this.sendNow(frames);
  }

  private sendNow(frames: (Buffer | Uint8Array)[]): void {
    // With no high-water mark, a send is queued at once and its promise is already settled: messages wait only
    // for the microtask that reports it (one reaction per send, not a promise chain).
    this.sendInFlight = true;
    let sending: Promise<void>;
    try {
      sending = this.socket.send(frames);
    } catch (e) {
      this.sendFailed(e);
      return;
    }
    sending.then(this.sent, this.sendFailed);
  }

  private readonly sent = (): void => {
    this.sendInFlight = false;
    const next = this.waiting.shift();
    if (next !== undefined && !this.closed) this.sendNow(next);
  };

  private readonly sendFailed = (e: unknown): void => {
    this.sendInFlight = false;
    this.waiting.length = 0;
    if (!this.closed) this.onError(e);
  };

  /**
   * Makes sure a receive loop runs while the session is busy; it ends after the message that leaves the session
   * idle. The session calls this whenever it becomes busy (it sent a batch, or runs a JS callback).
   */
  wake(): void {
    if (this.receiving || this.closed || !this.isBusy()) return;
    this.receiving = true;
    void this.receiveLoop();
  }

  /**
   * Takes the messages Python sent while nothing was in flight, if any: a JS function called from a Python thread
   * (callbacks.py) while the script awaits something else. A look at the socket, no receive left pending: the
   * session calls this now and then while Python holds JS functions.
   */
  takeUnasked(): void {
    if (this.receiving || this.closed || !this.socket.readable) return;
    this.receiving = true;
    void this.receiveLoop(true);
  }

  private async receiveLoop(messageWaiting = false): Promise<void> {
    try {
      while (!this.closed && (messageWaiting || this.isBusy())) {
        messageWaiting = false;
        let frames: Buffer[];
        try {
          frames = await this.socket.receive();
        } catch (e) {
          if (this.closed) return;
          throw e;
        }
        this.onMessage(frames);
      }
    } catch (e) {
      if (!this.closed) this.onError(e);
    } finally {
      this.receiving = false;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close();
  }
}
