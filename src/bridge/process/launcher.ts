// A launcher: what gives a session its Python side, a local process (process.ts) or a running server
// (remote.ts). The bridge chooses one from its options (py.ts) and hands it to the session, which only launches.

export interface ExitInfo {
  code: number | undefined;
  signal: string | undefined;
  stderrTail: string;
}

export interface PythonProcess {
  readonly endpoint: string;
  readonly pid: number;
  /** SIGKILL, at once. */
  kill(): void;
  /** SIGTERM, then SIGKILL if it is still running after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** Remote servers (remote.ts): options for the sockets (CURVE keys). */
  socketOptions?: import("zeromq").SocketOptions<import("zeromq").Dealer>;
  /** Remote servers: watches the connection's handshake until the server answered; returns the unwatch. */
  watch?(socket: import("zeromq").Dealer, fail: (error: Error) => void): () => void;
  /** Where the control socket the server reports (hello's `control`) is reached from here. */
  controlEndpoint?(reported: string): string;
}

export interface Launcher {
  /** A remote server's endpoint; undefined for a local process, which shares memory (shared-arrays.ts) with Node. */
  readonly remote: string | undefined;
  /** Starts or reaches the Python side; `sharedDir` is the folder for large arrays of a local process. */
  launch(onExit: (exit: ExitInfo) => void, sharedDir: string | undefined): Promise<PythonProcess>;
}
