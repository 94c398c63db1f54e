// Which Python runs: TSRETICULATE_PYTHON, else the managed environment keyed by the requirements' hash.
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import {
  environmentKey,
  isManagedEnvironmentReady,
  managedEnvironmentDir,
  requirementLines,
} from "../../src/bridge/process/environment.js";
import { py } from "../../src/index.js";

afterAll(() => py.shutdown());

describe("the managed environment", () => {
  it("is keyed by the requirement lines, not by comments or blank lines", () => {
    expect(requirementLines("# a comment\nkeras==3.15.1  # pinned\n\ntorch==2.14.1\n")).toEqual([
      "keras==3.15.1",
      "torch==2.14.1",
    ]);
    expect(environmentKey()).toMatch(/^[0-9a-f]{16}$/);
    expect(managedEnvironmentDir()).toContain(`venv-${environmentKey()}`);
  });

  it("pins keras 3, torch and torchvision that work together", () => {
    const lines = requirementLines();
    expect(lines).toContain("keras==3.15.1");
    expect(lines).toContain("torch==2.14.1");
    expect(lines).toContain("torchvision==0.29.1");
    expect(lines.some((l) => l.startsWith("pyzmq"))).toBe(true);
    expect(lines.some((l) => l.startsWith("msgpack"))).toBe(true);
  });

  it("is built (npm test runs `tsreticulate setup` first) and is the interpreter the bridge runs", async () => {
    if (process.env.TSRETICULATE_PYTHON) return; // an explicit interpreter wins: nothing managed to check
    expect(isManagedEnvironmentReady()).toBe(true);
    const executable = (await py.import("sys").executable) as string;
    expect(executable.startsWith(managedEnvironmentDir())).toBe(true);
  });

  it("imports keras 3 with the torch backend, and torchvision", async () => {
    const keras = py.import("keras");
    expect(await keras.backend.backend()).toBe("torch");
    expect(await keras.__version__).toMatch(/^3\./);
    expect(await py.import("torchvision").__version__).toMatch(/^0\.29\.1/); // "+cu130" on CUDA builds
  });

  it("TSRETICULATE_PYTHON names the interpreter", async () => {
    const python = (await py.import("sys").executable) as string;
    const script = `import { py } from "${new URL("../../src/index.ts", import.meta.url).pathname}";
      console.log(await py.import("sys").executable); await py.shutdown();`;
    const r = await execa("node", ["--import", "tsx", "--input-type=module", "-e", script], {
      env: { TSRETICULATE_PYTHON: python },
    });
    expect(r.stdout.trim()).toBe(python);
  });

  it("`tsreticulate doctor` prints the interpreter, versions and device", async () => {
    const cli = new URL("../../src/cli.ts", import.meta.url).pathname;
    const r = await execa("node", ["--import", "tsx", cli, "doctor"]);
    expect(r.stdout).toMatch(/interpreter\s+\S+python/);
    expect(r.stdout).toMatch(/torch\s+2\.14\.1/);
    expect(r.stdout).toMatch(/torchvision\s+0\.29\.1/);
    expect(r.stdout).toMatch(/keras\s+3\.15\.1 \(backend torch\)/);
    expect(r.stdout).toMatch(/device\s+(cpu|cuda|mps)/);
  });
});
