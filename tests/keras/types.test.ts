// The generated declarations at the type level: tests/keras/fixtures/keyword-check.ts compiles cleanly, and
// without its `@ts-expect-error` lines exactly those calls fail (a misspelled keyword is a compile error).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { compilerOptions, errorsOf as errorsOfFixture, root, withoutExpectedErrors } from "../support/type-errors.js";

const fixture = join(root, "tests/keras/fixtures/keyword-check.ts");
const errorsOf = (text: string) => errorsOfFixture(fixture, text);

describe("generated Keras types", () => {
  it("are themselves free of type errors (skipLibCheck skips them in ordinary runs)", () => {
    const options = { ...compilerOptions(), skipLibCheck: false };
    const program = ts.createProgram([fixture], options);
    const generated = program.getSourceFiles().filter((f) => f.fileName.includes("/src/keras/generated/"));
    expect(generated.length).toBeGreaterThan(10);
    const errors = generated.flatMap((f) =>
      program.getSemanticDiagnostics(f).map((d) => `${f.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`),
    );
    expect(errors).toEqual([]);
  });

  const text = readFileSync(fixture, "utf8");

  it("accept the workshop's code and Keras' own keyword names", () => {
    expect(errorsOf(text)).toEqual([]);
  });

  it("reject a misspelled keyword, an unknown activation and an undocumented padding", () => {
    const { text: stripped, expected } = withoutExpectedErrors(text);
    const errors = errorsOf(stripped);
    expect([...new Set(errors.map(([line]) => line))]).toEqual(expected);
    const messages = errors.map(([, m]) => m).join("\n");
    expect(messages).toContain("'epoch' does not exist");
    expect(messages).toContain("'activaton' does not exist");
  });
});
