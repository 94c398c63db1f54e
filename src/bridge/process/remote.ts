// The remote launcher: a `tsreticulate serve` already running elsewhere, reached over TCP with CurveZMQ. Nothing to
// start: a connection to describe (its endpoint, its CURVE keys, where its control socket is) and to watch until the
// server has answered. py.connect() (connect.ts) checks the options; the session launches through this.
import type * as zmq from "zeromq";
import { BridgeError } from "../errors/errors.js";
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
    socketOptions: {
      curveServerKey: remote.serverKey,
      curvePublicKey: remote.publicKey,
      curveSecretKey: remote.secretKey,
    },
    controlEndpoint(reported: string) {
      // The server reports its own view (tcp://0.0.0.0:PORT): the port is what counts from here.
      return `tcp://${host}:${reported.slice(reported.lastIndexOf(":") + 1)}`;
    },
    watch(socket: zmq.Dealer, fail: (error: Error) => void) {
      // Called before the socket connects: a refused handshake is reported once (libzmq does not retry
      // after an authentication failure), so the observer must exist first.
      let events: zmq.Observer;
      try {
        events = socket.events;
      } catch {
        // zeromq.js could not start a monitor (its inproc name can clash with a just-closed socket's):
        // a refusal then shows as the start timeout instead.
        return () => undefined;
      }
      const refused = (detail: string) =>
        fail(
          new BridgeError(
            `the server at ${remote.endpoint} refused this client (${detail}): is this client's public key ` +
              `${remote.publicKey} in the server's authorised-keys file, and is serverKey the key it prints?`,
          ),
        );
      // Our own loop rather than events.on(): its receive, pending when the observer closes, is caught here.
      void (async () => {
        try {
          for await (const event of events) {
            if (event.type === "handshake:error:auth") refused(`authentication failed: ${event.error.message}`);
            else if (event.type === "handshake:error:protocol") refused(`CURVE handshake failed: ${event.error.message}`);
            else if (event.type === "handshake:error:other") refused(`handshake failed: ${event.error.message}`);
          }
        } catch {
          // closed with its socket
        }
      })();
      // The observer's receive loop would keep Node alive: it lives only until the server has answered.
      return () => {
        try {
          events.close();
        } catch {
          // already closed with its socket (the session died first)
        }
      };
    },
  };
}
