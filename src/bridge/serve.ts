// `tsreticulate serve` and `tsreticulate keygen`: the command-line side of remote workers.
import { delimiter } from "node:path";
import { parseArgs } from "node:util";
import { resolvePython } from "./process/environment.js";
import { BridgeError } from "./errors/errors.js";
import { readKeyPair, writeKeyPair } from "./transport/keys.js";
import { pythonSourceDir } from "./process/paths.js";

export const serveUsage = `usage: tsreticulate serve --key FILE --authorized-keys FILE [--bind tcp://HOST:PORT]
  Runs the Python side for remote clients (py.connect), over CurveZMQ.
  --key FILE              the server's key pair (tsreticulate keygen server)
  --authorized-keys FILE  client public keys allowed in, one per line (the .pub files' lines)
  --bind ADDRESS          where to listen; default tcp://127.0.0.1:5555 (loopback only)
  --control-bind ADDRESS  the heartbeat/interrupt socket; default a free port on the same host
  --client-timeout SECS   forget a client silent this long, with its objects (idle clients send their
                          presence well within it); default 300
  Ctrl-C interrupts the operation running; when none runs, it stops the server.
`;

export const keygenUsage = `usage: tsreticulate keygen NAME
  Writes NAME (the key pair, readable by you only) and NAME.pub (the public key, to give to the other side).
`;

/** Runs the server in the foreground; resolves with its exit code. */
export async function serve(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      bind: { type: "string", default: "tcp://127.0.0.1:5555" },
      "control-bind": { type: "string" },
      "client-timeout": { type: "string" },
      key: { type: "string" },
      "authorized-keys": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(serveUsage);
    return 0;
  }
  if (!values.key || !values["authorized-keys"]) throw new BridgeError(`--key and --authorized-keys are required\n${serveUsage}`);
  readKeyPair(values.key); // fails early, with a clear message, on a wrong file
  const python = await resolvePython(undefined);
  const args = ["-u", "-m", "tsreticulate.serve", "--bind", values.bind!, "--key", values.key, "--authorized-keys", values["authorized-keys"]];
  // The server dies with this wrapper, even by SIGKILL (which runs no handler here), as a local child does.
  args.push("--parent-pid", String(process.pid));
  if (values["control-bind"]) args.push("--control-bind", values["control-bind"]);
  if (values["client-timeout"]) args.push("--client-timeout", values["client-timeout"]);
  // Ctrl-C reaches the server too (same process group): it decides whether to interrupt or to stop.
  const ignore = () => undefined;
  process.on("SIGINT", ignore);
  const forwardTerm = () => child.kill("SIGTERM");
  process.on("SIGTERM", forwardTerm);
  const { execa } = await import("execa"); // loaded here: the library's start-up does not pay for it
  const child = execa(python, args, {
    env: {
      KERAS_BACKEND: process.env.KERAS_BACKEND || "torch",
      PYTHONPATH: [pythonSourceDir, process.env.PYTHONPATH].filter(Boolean).join(delimiter),
    },
    stdio: "inherit",
    reject: false,
  });
  const result = await child;
  process.off("SIGINT", ignore);
  process.off("SIGTERM", forwardTerm);
  return result.exitCode ?? (result.signal ? 1 : 0);
}

export function keygen(argv: string[]): number {
  const name = argv[0];
  if (!name || name.startsWith("-")) {
    process.stdout.write(keygenUsage);
    return name === "--help" || name === "-h" ? 0 : 2;
  }
  const pair = writeKeyPair(name, undefined, name);
  process.stdout.write(`wrote ${name} (secret, mode 600) and ${name}.pub\npublic key: ${pair.public}\n`);
  return 0;
}
