// examples/port-keras/: Keras' guide "The Sequential model" (keras-io guides/sequential_model.py), in Python and
// ported line for line to TypeScript. Each section seeds Keras in the one Python process, so both give the same
// outputs, layer lists, weight shapes, summaries' output shapes and extracted features.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { item, py } from "../../src/index.js";
import * as guide from "../../examples/port-keras/sequential-model.js";
import { expectSame } from "../support/same-as-python.js";

afterAll(() => py.shutdown());

const examplesDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../examples/port-keras");
const pythonGuide = py.import("runpy").run_path(join(examplesDir, "sequential_model.py"), { run_name: "port_keras_guide" });


describe("sequential_model", () => {
  it("gives Python's outputs, layers and shapes, section by section", async () => {
    const fromPython = (await item(pythonGuide, "main")()) as Record<string, any>;
    const fromTs = (await guide.main()) as Record<string, any>;
    expectSame(fromTs, fromPython);

    // What the guide says each section shows, on the TypeScript side.
    const equivalent = fromTs.when_to_use_a_sequential_model;
    expect(equivalent.model).toEqual(equivalent.function); // the model is the function of its 3 layers
    expect(fromTs.creating_a_sequential_model).toMatchObject({ after_pop: 2, name: "my_sequential" });
    expect(fromTs.specifying_the_input_shape_in_advance).toMatchObject({ before: 0, after: [[4, 3], [3]], weights: 6, layers: ["Dense"] });
    expect(fromTs.add_and_summary).toMatchObject({ first: [null, 40, 40, 32], second: [null, 4, 4, 32], final: [null, 10] });
    expect(fromTs.feature_extraction.one_layer).toEqual([1, 121, 121, 32]);
  });
});
