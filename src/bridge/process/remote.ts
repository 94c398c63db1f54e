// The remote launcher: a `tsreticulate serve` already running elsewhere, reached over TCP with CurveZMQ. Nothing to
// start: a connection to describe (its endpoint, its CURVE keys, where its control socket is) and to watch until the
// server has answered. py.connect() (connect.ts) checks the options; the session launches through this.
import type * as zmq from "zeromq";
import { BridgeError } from "../errors/errors.js";
import { zeromq } from "../transport/zeromq.js";
import type { Launcher, PythonProcess } from "./launcher.js";

export interface RemoteOptions {
  endpoint: string;
  serverKey: string;
  publicKey: string;
  secretKey: string;
}

/** A session's launcher for the server at `remote.endpoint`. */
export function remoteLauncher(remote: RemoteOptions): Launcher {
  return { remote: remote.endpoint, launch: () => connectRemote(remote) };
}

/** The remote counterpart of startPython(): nothing to start, a connection to describe. */
export async function connectRemote(remote: RemoteOptions): Promise<PythonProcess> {
  const host = remote.endpoint.slice("tcp://".length, remote.endpoint.lastIndexOf(":"));
  return {
    endpoint: remote.endpoint,
    pid: -1, // the server's pid is in its hello (Session.info.pid); there is no local process
    kill() {},
    async stop() {},
    socketOptions: curveOptions(remote),
    controlEndpoint(reported: string) {
      // The server reports its own view (tcp://0.0.0.0:PORT): the port is what counts from here.
      return `tcp://${host}:${reported.slice(reported.lastIndexOf(":") + 1)}`;
    },
    watch(_socket: zmq.Dealer, fail: (error: Error) => void) {
      // A refused handshake is reported once (libzmq does not retry after an authentication failure) and only
      // to a socket monitor. The monitor goes on a probe socket with the same keys, never on the session's
      // socket: zeromq.js's Observer.close() leaves libzmq's end of a monitor attached, and libzmq then sends
      // the socket's next event (a disconnect, a reconnect attempt) with a blocking send to a pipe nobody reads,
      // which freezes the I/O thread and with it every ZeroMQ socket of this Node process. The probe is closed
      // while its observer still reads, so that libzmq's last event (the monitor's end) is taken and the
      // observer closes itself.
      const probe = new (zeromq().Dealer)({ linger: 0, ...curveOptions(remote) });
      let events: zmq.Observer;
      try {
        events = probe.events;
      } catch {
        // zeromq.js could not start a monitor: a refusal then shows as the start timeout instead.
        probe.close();
        return () => undefined;
      }
      let closed = false;
      const closeProbe = () => {
        if (closed) return;
        closed = true;
        probe.close();
      };
      const refused = (detail: string) =>
        fail(
          new BridgeError(
            `the server at ${remote.endpoint} refused this client (${detail}): is this client's public key ` +
              `${remote.publicKey} in the server's authorised-keys file, and is serverKey the key it prints?`,
          ),
        );
      // Our own loop rather than events.on(): it ends with the monitor's "end" event, after the probe closed.
      void (async () => {
        try {
          for await (const event of events) {
            if (event.type === "handshake:error:auth") refused(`authentication failed: ${event.error.message}`);
            else if (event.type === "handshake:error:protocol") refused(`CURVE handshake failed: ${event.error.message}`);
            else if (event.type === "handshake:error:other") refused(`handshake failed: ${event.error.message}`);
            else if (event.type === "end") break;
            else if (event.type !== "handshake") continue;
            closeProbe(); // an answer either way: the probe has done its job
          }
        } catch {
          // the observer closed
        }
      })();
      probe.connect(remote.endpoint);
      // Called once the session's own socket has its answer (or failed): the probe's reconnect attempts, and the
      // observer's receive loop holding Node open, end with it.
      return closeProbe;
    },
  };
}

/** The CURVE client options of a remote connection (the session's socket and the handshake probe). */
function curveOptions(remote: RemoteOptions): zmq.SocketOptions<zmq.Dealer> {
  return { curveServerKey: remote.serverKey, curvePublicKey: remote.publicKey, curveSecretKey: remote.secretKey };
}
