// examples/port-keras/: Keras' guide "Save, serialize, and export models" (keras-io
// guides/serialization_and_saving.py), in Python and ported line for line to TypeScript. Each section seeds Keras
// in the one Python process, so both give the same predictions before and after a save and load, the same configs
// from get_config and serialize, and the same weights moved between layers and models; the TypeScript custom
// objects (pyClass layers and model, registered with register_keras_serializable) round-trip as Python's do.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { item, py } from "../../src/index.js";
import * as guide from "../../examples/port-keras/serialization-and-saving.js";
import { expectSame } from "../support/same-as-python.js";

const folders: string[] = [];
afterAll(async () => {
  await py.shutdown();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

const examplesDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../examples/port-keras");
const pythonGuide = py.import("runpy").run_path(join(examplesDir, "serialization_and_saving.py"), {
  run_name: "port_keras_guide",
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "port-serialization-"));
  folders.push(folder);
  return folder;
}

// A custom class' serialized `module` is where it was defined: the guide's file in Python,
// tsreticulate.helpers.subclass for a pyClass class. Keras finds both by `registered_name`.
const sameClasses = { ignoreKeys: ["module"] };

describe("serialization_and_saving", () => {
  it("gives Python's predictions, configs and weights, section by section", async () => {
    const fromPython = (await item(pythonGuide, "main")(tempFolder())) as Record<string, any>;
    const fromTs = (await guide.main(tempFolder())) as Record<string, any>;
    // The subclassed model's name counts instances in the process (subclassed_model_1): compare the rest.
    const tsConfig = fromTs.model_weights_saving.subclassed_config;
    const pyConfig = fromPython.model_weights_saving.subclassed_config;
    expect(tsConfig.name).toMatch(/^subclassed_model/);
    expectSame({ ...tsConfig, name: undefined }, { ...pyConfig, name: undefined }, sameClasses);
    expectSame(
      { ...fromTs, model_weights_saving: { ...fromTs.model_weights_saving, subclassed_config: null } },
      { ...fromPython, model_weights_saving: { ...fromPython.model_weights_saving, subclassed_config: null } },
      sameClasses,
    );

    // What the guide says each section shows, on the TypeScript side.
    expect(fromTs.saving.difference).toBe(0); // reconstructed identically
    expect(fromTs.custom_objects).toMatchObject({ registered: 0, passed: 0, scoped: 0, layer_config: { factor: 0.5 } });
    expect(fromTs.model_serialization.sequential).toEqual(["Sequential", 33]);
    expect(fromTs.model_serialization.from_json).toEqual(["Sequential", 33]);
    expect(tsConfig.output_dim).toBe(10);
    expect(fromTs.model_weights_saving.transfer).toEqual(["dense_1", "dense_2", "dense_3", 54725]);
    const custom = fromTs.handling_custom_objects;
    expect(custom.config_methods.config).toMatchObject({ class_name: "MyDense", registered_name: "MyLayers>KernelMult" });
    expect(custom.config_methods.config.config.nested_model.config).toMatchObject({ units: 16, kernel_initializer: "ones" });
    expect(custom.config_methods.new_layer.slice(0, 2)).toEqual(["MyDense", 64]);
    expect(custom.new_model).toEqual(["CustomModel", "MyDense"]); // rebuilt by its TypeScript from_config classmethod
    expect(custom.output_shape).toEqual([2, 16]);
  });
});
