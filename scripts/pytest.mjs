// The Python server's unit tests (tests/python), run by `npm test` before vitest: `python -m pytest` with the
// interpreter the suite uses, TSRETICULATE_PYTHON or else the managed environment, which `tsreticulate setup
// --with test` makes ready (pytest installed) and names on its stdout. Extra arguments go to pytest.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function managedPython() {
  const setup = spawnSync(process.execPath, ["--import", "tsx", join(root, "src", "cli.ts"), "setup", "--with", "test"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  if (setup.status !== 0) {
    console.error(`scripts/pytest.mjs: \`tsreticulate setup --with test\` failed (exit ${setup.status ?? setup.signal})`);
    process.exit(1);
  }
  return setup.stdout.trim().split("\n").at(-1);
}

const python = process.env.TSRETICULATE_PYTHON || managedPython();
// -p no:cacheprovider: no .pytest_cache folder in the working tree.
const run = spawnSync(python, ["-m", "pytest", "-q", "-p", "no:cacheprovider", join(root, "tests", "python"), ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
});
process.exit(run.status ?? 1);
