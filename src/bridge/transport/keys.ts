// CurveZMQ key pairs (`tsreticulate keygen`) and authorised-keys files. A key pair file is JSON
// {"public": z85, "secret": z85}, readable by its owner only; the public key alone goes into the other
// side's configuration (the client's `serverKey`, the server's authorised-keys file).
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { BridgeError } from "../errors/errors.js";
import { zeromq } from "./zeromq.js";

export interface KeyPair {
  public: string;
  secret: string;
}

const Z85_KEY = /^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/;

export function isZ85Key(key: unknown): key is string {
  return typeof key === "string" && Z85_KEY.test(key);
}

export function generateKeyPair(): KeyPair {
  const zmq = zeromq();
  if (!zmq.capability.curve) throw new BridgeError("this build of zeromq.js has no CURVE support");
  const { publicKey, secretKey } = zmq.curveKeyPair();
  return { public: publicKey, secret: secretKey };
}

/** Writes `path` (the pair, mode 0600) and `path.pub` (the public key alone). Refuses to overwrite. */
export function writeKeyPair(path: string, pair: KeyPair = generateKeyPair(), comment = ""): KeyPair {
  for (const p of [path, `${path}.pub`]) {
    if (existsSync(p)) throw new BridgeError(`${p} exists; remove it first (a key is not overwritten by accident)`);
  }
  writeFileSync(path, `${JSON.stringify(pair)}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(path, 0o600);
  writeFileSync(`${path}.pub`, `${pair.public}${comment ? ` ${comment}` : ""}\n`, { flag: "wx" });
  return pair;
}

export function readKeyPair(path: string): KeyPair {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new BridgeError(`cannot read the key pair ${path}: ${(e as Error).message}`, { cause: e });
  }
  const pair = data as Partial<KeyPair>;
  if (!isZ85Key(pair.public) || !isZ85Key(pair.secret)) {
    throw new BridgeError(`${path} is not a key pair written by \`tsreticulate keygen\``);
  }
  return { public: pair.public, secret: pair.secret };
}

/** A public key given as the key itself, or as a path to a `.pub` file (first word of its first line). */
export function readPublicKey(keyOrPath: string, what: string): string {
  if (isZ85Key(keyOrPath)) return keyOrPath;
  let text: string;
  try {
    text = readFileSync(keyOrPath, "utf8");
  } catch {
    throw new BridgeError(`${what} must be a Z85 public key (40 characters) or a .pub file, got ${JSON.stringify(keyOrPath)}`);
  }
  const key = text.trim().split(/\s+/)[0];
  if (!isZ85Key(key)) throw new BridgeError(`${keyOrPath} does not hold a Z85 public key`);
  return key;
}
