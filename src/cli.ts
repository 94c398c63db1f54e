#!/usr/bin/env node
// npx tsreticulate setup | doctor
import { compilePythonPackage, ensureManagedEnvironment, isManagedEnvironmentReady, managedEnvironmentDir } from "./bridge/process/environment.js";
import { py } from "./bridge/py.js";
import { EXTRAS, ensureExtra, type Extra } from "./bridge/process/extras.js";
import { keygen, serve } from "./bridge/serve.js";

const usage = `usage: tsreticulate <command>
  setup    build the managed Python environment (requirements.txt) unless it is ready;
           --with ray also installs requirements-ray.txt into it (for py.pool(n, { ray: {...} }));
           --with test, requirements-test.txt (pytest, for the Python unit tests in tests/python)
  doctor   print the Python interpreter, the versions of Python, torch, torchvision and keras, and the device
  serve    run the Python side for remote clients over CurveZMQ (tsreticulate serve --help)
  keygen   write a CurveZMQ key pair: tsreticulate keygen NAME
`;

async function doctor(): Promise<void> {
  const info = await py.eval(
    `(lambda sys, torch, tv, keras: {
        "executable": sys.executable, "python": sys.version.split()[0], "torch": torch.__version__,
        "torchvision": tv.__version__, "keras": keras.__version__, "backend": keras.backend.backend(),
        "accelerator": str(torch.accelerator.current_accelerator()) if torch.accelerator.is_available() else None,
        "cuda": torch.cuda.is_available(),
        "mps": bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()),
    })(__import__("sys"), __import__("torch"), __import__("torchvision"), __import__("keras"))`,
  );
  const device = info.cuda ? "cuda" : info.mps ? "mps" : "cpu";
  const lines = [
    ["interpreter", info.executable],
    ["environment", process.env.TSRETICULATE_PYTHON ? "TSRETICULATE_PYTHON" : managedEnvironmentDir()],
    ["python", info.python],
    ["torch", info.torch],
    ["torchvision", info.torchvision],
    ["keras", `${info.keras} (backend ${info.backend})`],
    ["device", `${device}${info.accelerator && info.accelerator !== device ? ` (torch's current_accelerator() says ${info.accelerator}, which is not available)` : ""}`],
  ];
  for (const [k, v] of lines) process.stdout.write(`${k!.padEnd(12)} ${v}\n`);
  await py.shutdown();
}

/** `setup --with ray` (or `--with=ray`): the optional extras to install too. */
function setupExtras(argv: string[]): Extra[] {
  const extras: Extra[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = arg === "--with" ? argv[++i] : arg.startsWith("--with=") ? arg.slice("--with=".length) : undefined;
    if (value === undefined || !(EXTRAS as readonly string[]).includes(value)) {
      const what = value === undefined ? `argument ${JSON.stringify(arg)}` : `extra ${JSON.stringify(value)}`;
      throw new Error(`setup: unknown ${what}; usage: tsreticulate setup [--with ${EXTRAS.join("|")}]`);
    }
    extras.push(value as Extra);
  }
  return extras;
}

async function main(): Promise<void> {
  const command = process.argv[2];
  switch (command) {
    case "setup": {
      const extras = setupExtras(process.argv.slice(3)); // a wrong argument fails before anything is built
      const needsBuild = !isManagedEnvironmentReady();
      const python = await ensureManagedEnvironment();
      // A build writes the bytecode itself; an environment built before, perhaps for an older package, gets it here.
      if (!needsBuild) await compilePythonPackage(python, (line) => process.stderr.write(line));
      for (const extra of extras) await ensureExtra(extra);
      process.stdout.write(`${python}\n`);
      return;
    }
    case "doctor":
      return doctor();
    case "serve":
      process.exitCode = await serve(process.argv.slice(3));
      return;
    case "keygen":
      process.exitCode = keygen(process.argv.slice(3));
      return;
    default:
      process.stderr.write(usage);
      process.exitCode = command === undefined || command === "--help" ? 0 : 2;
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`tsreticulate: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
