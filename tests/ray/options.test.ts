// The `ray` option of py.pool() is checked at the call, naming the option and the value: nothing starts.
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { BridgeError, py } from "../../src/index.js";

describe("py.pool(n, { ray }) options", () => {
  it.each([
    [null, /option "ray" must be an object/],
    [{ num_cpu: 1 }, /unknown option "ray.num_cpu"; the options are address, num_cpus/],
    [{ num_cpus: -1 }, /option "ray.num_cpus" must be a number of 0 or more, got -1/],
    [{ address: "http://head:8265" }, /option "ray.address" must be "auto", "HOST:PORT" or "ray:\/\/HOST:PORT"/],
    [{ resources: { TPU: "1" } }, /option "ray.resources.TPU" must be a number/],
    [{ workerPorts: [6000, 5000] }, /option "ray.workerPorts" must be \[low, high\]/],
    [{ runtime_env: "env.yaml" }, /option "ray.runtime_env" must be an object/],
    [{ address: "auto", head: { num_cpus: 2 } }, /option "ray.head" applies to a local Ray only/],
  ])("refuses %j", (ray, message) => {
    expect(() => py.pool(2, { ray: ray as never })).toThrow(BridgeError);
    expect(() => py.pool(2, { ray: ray as never })).toThrow(message);
  });
});

describe("tsreticulate setup --with", () => {
  it("names the extras when given an unknown one, before building anything", async () => {
    const cli = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));
    const r = await execa(process.execPath, ["--import", "tsx", cli, "setup", "--with", "rey"], { reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('setup: unknown extra "rey"; usage: tsreticulate setup [--with ray|test]');
  });
});
