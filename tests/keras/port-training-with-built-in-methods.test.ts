// examples/port-keras/: Keras' guide "Training & evaluation with the built-in methods" (keras-io
// guides/training_with_built_in_methods.py), in Python and ported line for line to TypeScript. Each section seeds
// Keras and makes its data in the one Python process, so the two runs draw the same numbers: the TypeScript port
// must give Python's losses, metrics and predictions, not only their shapes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { item, py } from "../../src/index.js";
import * as guide from "../../examples/port-keras/training-with-built-in-methods.js";
import { expectSame } from "../support/same-as-python.js";

const folders: string[] = [];
afterAll(async () => {
  await py.shutdown();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

const examplesDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../examples/port-keras");
const pythonGuide = py.import("runpy").run_path(join(examplesDir, "training_with_built_in_methods.py"), {
  run_name: "port_keras_guide",
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "port-training-"));
  folders.push(folder);
  return folder;
}


describe("training_with_built_in_methods", () => {
  it("gives Python's histories, evaluations and predictions, section by section", async () => {
    const fromPython = (await item(pythonGuide, "main")(tempFolder())) as Record<string, any>;
    const fromTs = (await guide.main(tempFolder())) as Record<string, any>;
    // The optimizer's name counts instances in the process (rm_sprop_13): compare the rest.
    const { optimizer: tsOptimizer, ...tsSchedule } = fromTs.learning_rate_schedules;
    const { optimizer: _pyOptimizer, ...pySchedule } = fromPython.learning_rate_schedules;
    expect(tsOptimizer).toMatch(/^rm_sprop/);
    expectSame({ ...fromTs, learning_rate_schedules: tsSchedule }, { ...fromPython, learning_rate_schedules: pySchedule });

    // What the guide says each section does, on the TypeScript side.
    expect(Object.keys(fromTs.api_overview.history).sort()).toEqual([
      "loss", "sparse_categorical_accuracy", "val_loss", "val_sparse_categorical_accuracy",
    ]);
    expect(fromTs.api_overview.history.loss).toHaveLength(2);
    expect(fromTs.api_overview.predictions_shape).toEqual([3, 10]);
    for (const row of fromTs.api_overview.predictions) {
      expect(row.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 5); // softmax
    }
    // The TypeScript loss, metric and layers ran live inside fit.
    expect(fromTs.custom_losses.function.loss[0]).toBeGreaterThan(0);
    expect(fromTs.custom_losses.class.loss[0]).toBeGreaterThan(fromTs.custom_losses.function.loss[0]); // + the reg term
    expect(Object.keys(fromTs.custom_metrics).sort()).toEqual(["categorical_true_positives", "loss"]);
    expect(fromTs.non_standard_signature.activity_regularization.loss[0]).toBeGreaterThan(10); // "much higher"
    expect(Object.keys(fromTs.non_standard_signature.logistic_endpoint)).toEqual(["loss"]); // compiled without one
    expect(fromTs.py_dataset.length).toBe(8); // 256 rows in batches of 32
    // Weighting class 5 twice changes the loss: the int keys of the Map reached Keras.
    const unweighted = fromTs.validation_split.loss[0];
    expect(fromTs.sample_and_class_weights.class_weight.loss[0]).not.toBeCloseTo(unweighted, 3);
    expect(fromTs.sample_and_class_weights.class_weight.loss[0]).toBeCloseTo(fromTs.sample_and_class_weights.sample_weight.loss[0], 0);
    expect(fromTs.multi_input_multi_output.params).toBe(219);
    // EarlyStopping(patience=1) stops after 2 of 3 epochs; LossHistory saw every batch (4 per epoch).
    expect(fromTs.using_callbacks.history.loss).toHaveLength(2);
    expect(fromTs.using_callbacks.per_batch_losses).toHaveLength(8);
    expect(fromTs.checkpointing_models.best).toEqual(["mymodel_1.keras"]);
    expect(fromTs.checkpointing_models.saved).toBe(4); // every 2 of 8 batches (no validation split here)
    expect(fromTs.checkpointing_models.restored_params).toBe(55050);
    expect(tsSchedule).toEqual({ at_0: expect.closeTo(0.1, 6), at_200000: expect.closeTo(0.1 * 0.96 ** 2, 6) });
  });

  it("ExamplePyDataset with workers=4: Keras' threads call the TypeScript __getitem__, as in Python", async () => {
    const fromPython = await item(pythonGuide, "py_dataset")(4);
    const fromTs = await guide.py_dataset(4);
    expectSame(fromTs, fromPython);
  });
});
