// The generated torch and torchvision declarations: tests/torchvision/fixtures/keyword-check.ts compiles
// cleanly, and without its `@ts-expect-error` lines exactly those calls fail; and the committed declarations
// are what scripts/torchvision-types/generate.py writes from the installed packages.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { errorsOf as errorsOfFixture, root, withoutExpectedErrors } from "../support/type-errors.js";
import { generateTorchvisionTypes, generatedDir } from "../../scripts/torchvision-types/gen-types.js";

const fixture = join(root, "tests/torchvision/fixtures/keyword-check.ts");
const errorsOf = (text: string) => errorsOfFixture(fixture, text);

describe("generated torch and torchvision types", () => {
  const text = readFileSync(fixture, "utf8");

  it("accept the workshop's code and torch's own keyword names", () => {
    expect(errorsOf(text)).toEqual([]);
  });

  it("reject misspelled keywords, a missing required argument and a wrong type", () => {
    const { text: stripped, expected } = withoutExpectedErrors(text);
    const errors = errorsOf(stripped);
    expect([...new Set(errors.map(([line]) => line))]).toEqual(expected);
    const messages = errors.map(([, m]) => m).join("\n");
    // (for t.to, with its many overloads, TypeScript names the last one rather than the unknown key)
    for (const typo of ["batchsize", "rot", "dtpye"]) expect(messages).toContain(`'${typo}'`);
  });

  it("are what the generator writes from the installed packages", async () => {
    const out = mkdtempSync(join(tmpdir(), "tsreticulate-tv-types-"));
    try {
      await generateTorchvisionTypes(out);
      for (const file of ["torch.ts", "torchvision.ts"]) {
        expect(readFileSync(join(out, file), "utf8")).toBe(readFileSync(join(generatedDir, file), "utf8"));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
