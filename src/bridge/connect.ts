// py.connect(): the Python side runs elsewhere (`tsreticulate serve`), reached over TCP with CurveZMQ.
// The client proves its key to the server (which accepts only keys in its authorised-keys file) and checks
// the server's key; everything after the handshake is encrypted. The result is a Bridge like `py` (py.ts makes
// it from the options checked here; process/remote.ts is the launcher its sessions use).
import { BridgeError } from "./errors/errors.js";
import { isZ85Key, readKeyPair, readPublicKey } from "./transport/keys.js";
import type { BridgeOptionsInput } from "./options.js";
import type { RemoteOptions } from "./process/remote.js";

export interface ConnectOptions extends Omit<BridgeOptionsInput, "remote" | "python" | "env" | "forwardOutput"> {
  /** The server's public key (printed by `tsreticulate serve`), or the path of its `.pub` file. */
  serverKey: string;
  /** This client's key pair file from `tsreticulate keygen`. Or give `publicKey` and `secretKey`. */
  keyFile?: string;
  publicKey?: string;
  secretKey?: string;
}

/** The bridge options of py.connect(endpoint, options), checked: a remote server instead of a local process. */
export function connectOptions(endpoint: string, options: ConnectOptions): BridgeOptionsInput {
  const remote = remoteOptions(endpoint, options);
  const { serverKey: _s, keyFile: _k, publicKey: _p, secretKey: _x, ...rest } = options;
  // The server is already running: no interpreter start-up to wait for, so a shorter default.
  return { startTimeoutMs: 30_000, ...rest, remote };
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
