// py.connect(): the Python side runs elsewhere (`tsreticulate serve`), reached over TCP with CurveZMQ.
// The client proves its key to the server (which accepts only keys in its authorised-keys file) and checks
// the server's key; everything after the handshake is encrypted. The result is a Bridge like `py`.
import type * as zmq from "zeromq";
import { Bridge } from "./py.js";
import { BridgeError } from "./errors/errors.js";
import { isZ85Key, readKeyPair, readPublicKey } from "./transport/keys.js";
import type { BridgeOptionsInput } from "./options.js";
import type { PythonProcess } from "./process/process.js";

export interface RemoteOptions {
  endpoint: string;
  serverKey: string;
  publicKey: string;
  secretKey: string;
}

export interface ConnectOptions extends Omit<BridgeOptionsInput, "remote" | "python" | "env" | "forwardOutput"> {
  /** The server's public key (printed by `tsreticulate serve`), or the path of its `.pub` file. */
  serverKey: string;
  /** This client's key pair file from `tsreticulate keygen`. Or give `publicKey` and `secretKey`. */
  keyFile?: string;
  publicKey?: string;
  secretKey?: string;
}

/** A bridge to a remote `tsreticulate serve`. Returns at once; the first call waits for the connection. */
export function connect(endpoint: string, options: ConnectOptions): Bridge {
  const remote = remoteOptions(endpoint, options);
  const { serverKey: _s, keyFile: _k, publicKey: _p, secretKey: _x, ...rest } = options;
  const bridge = new Bridge();
  // The server is already running: no interpreter start-up to wait for, so a shorter default.
  bridge.configure({ startTimeoutMs: 30_000, ...rest, remote });
  return bridge;
}

function remoteOptions(endpoint: string, options: ConnectOptions): RemoteOptions {
  if (typeof endpoint !== "string" || !/^tcp:\/\/[^:/]+(:\d+)$|^tcp:\/\/\[[^\]]+\]:\d+$/.test(endpoint)) {
    throw new BridgeError(`py.connect() takes "tcp://HOST:PORT", got ${JSON.stringify(endpoint)}`);
  }
  if (typeof options !== "object" || options === null || typeof options.serverKey !== "string") {
    throw new BridgeError('py.connect() needs option "serverKey": the key `tsreticulate serve` prints');
  }
  const serverKey = readPublicKey(options.serverKey, 'option "serverKey"');
  let publicKey = options.publicKey;
  let secretKey = options.secretKey;
  if (options.keyFile !== undefined) {
    const pair = readKeyPair(options.keyFile);
    publicKey = pair.public;
    secretKey = pair.secret;
  }
  if (!isZ85Key(publicKey) || !isZ85Key(secretKey)) {
    throw new BridgeError(
      'py.connect() needs this client\'s key pair: option "keyFile" (from `tsreticulate keygen`), ' +
        'or "publicKey" and "secretKey" (Z85, 40 characters each)',
    );
  }
  return { endpoint, serverKey, publicKey, secretKey };
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
