// examples/port-keras/: Keras' guide "Understanding masking & padding" (keras-io
// guides/understanding_masking_and_padding.py), in Python and ported line for line to TypeScript. Each section
// seeds Keras in the one Python process, so both give the same padded inputs, the same masks (made by Embedding
// and Masking, split by the TypeScript TemporalSplit.compute_mask, made by CustomEmbedding.compute_mask, passed
// along by MyActivation's supports_masking) and the same outputs of the LSTMs and of TemporalSoftmax, which
// receives the mask in its TypeScript call.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { item, py } from "../../src/index.js";
import * as guide from "../../examples/port-keras/understanding-masking-and-padding.js";
import { expectSame } from "../support/same-as-python.js";

afterAll(() => py.shutdown());

const examplesDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../examples/port-keras");
const pythonGuide = py.import("runpy").run_path(join(examplesDir, "understanding_masking_and_padding.py"), {
  run_name: "port_keras_guide",
});


describe("understanding_masking_and_padding", () => {
  it("gives Python's masks and outputs, section by section", async () => {
    const fromPython = (await item(pythonGuide, "main")()) as Record<string, any>;
    const fromTs = (await guide.main()) as Record<string, any>;
    expectSame(fromTs, fromPython);

    // What the guide says each section shows, on the TypeScript side.
    expect(fromTs.padding_sequence_data[0]).toEqual([711, 632, 71, 0, 0, 0]); // "post" padding
    const mask = [
      [true, true, true, false, false, false],
      [true, true, true, true, true, false],
      [true, true, true, true, true, true],
    ];
    expect(fromTs.mask_generating_layers).toEqual({ embedding_mask: mask, masking_mask: mask });
    const custom = fromTs.supporting_masking_in_custom_layers;
    expect(custom.first_half).toEqual(mask.map((row) => row.slice(0, 3))); // TemporalSplit.compute_mask
    expect(custom.second_half).toEqual(mask.map((row) => row.slice(3)));
    expect(custom.y_mask).toEqual(custom.mask); // Keras attached CustomEmbedding.compute_mask's mask
    expect(fromTs.opting_in_to_mask_propagation.mask_found).toEqual([null, null]); // passed along by MyActivation
    expect(fromTs.writing_layers_that_need_mask_information.shape).toEqual([32, 100, 1]);
  });
});
