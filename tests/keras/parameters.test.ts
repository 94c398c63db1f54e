// The Python signature of a pyClass method comes from the source as written, whatever compiled it: esbuild
// (tsx, and bundles) renames a parameter named like a module-level binding (`mask` → `mask2`), tsc does not.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync, transformSync } from "esbuild";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { parametersOf } from "../../src/keras/parameters.js";

// A user's module: the parameters `mask` and `training` share their names with module-level bindings, and
// `x2` is a parameter the user really named with a digit.
const written = `
const mask = "a module-level mask";
const training = false;
class Layerish {
  call(inputs: unknown, mask: unknown = null, training = false) { return [inputs, mask, training]; }
  other(x2: number, { scale = 1 }: { scale?: number } = {}) { return x2 * scale; }
}
const arrow = (inputs: unknown, mask: unknown = null) => [inputs, mask];
void [mask, training];
`;

type Compiled = { Layerish: { prototype: Record<string, Function> }; arrow: Function };

/** Runs compiled script text and hands back what the module defined. */
function evaluate(code: string): Compiled {
  return new Function(`${code}\nreturn { Layerish, arrow };`)() as Compiled;
}

const expected = {
  call: { params: ["inputs", "mask", "training"], required: 1, rest: false, options: false },
  other: { params: ["x2"], required: 1, rest: false, options: true },
  arrow: { params: ["inputs", "mask"], required: 1, rest: false, options: false },
};

function check(compiled: Compiled, source: string): void {
  expect(parametersOf(compiled.Layerish.prototype.call!, source)).toEqual(expected.call);
  expect(parametersOf(compiled.Layerish.prototype.other!, source)).toEqual(expected.other);
  expect(parametersOf(compiled.arrow, source)).toEqual(expected.arrow);
}

describe("parameter names as written", () => {
  it("under esbuild's transform (tsx), which renames them", () => {
    const { code } = transformSync(written, { loader: "ts", target: "node20" });
    expect(code).toMatch(/mask2 = null/); // the rename this undoes
    check(evaluate(code), written);
  });

  it("whatever comments and strings of the file mention", () => {
    const commented = `// esbuild makes \`mask\` into \`mask2\`\nconst note = "mask2";\n${written}`;
    const { code } = transformSync(commented, { loader: "ts", target: "node20" });
    expect(code).toMatch(/mask2 = null/); // a name in a comment or a string is free to esbuild
    check(evaluate(code), commented);
  });

  it("in tsc output, which keeps them", () => {
    const { outputText } = ts.transpileModule(written, { compilerOptions: { target: ts.ScriptTarget.ES2022 } });
    expect(outputText).not.toMatch(/mask2/);
    check(evaluate(outputText), written);
    check(evaluate(outputText), outputText); // the compiled file is the one read when there is no source map
  });

  it("in an esbuild bundle, from the file its source map names", () => {
    const dir = mkdtempSync(join(tmpdir(), "parameters-"));
    writeFileSync(join(dir, "other.ts"), `export const mask = 1;\nexport const training = 2;\n`);
    writeFileSync(join(dir, "user.ts"), `import { mask as m, training as t } from "./other.ts";\n${written}\nvoid [m, t];\n(globalThis as any).compiled = { Layerish, arrow };\n`);
    const out = buildSync({ entryPoints: [join(dir, "user.ts")], bundle: true, write: false, format: "iife", platform: "node" });
    const bundle = out.outputFiles[0]!.text;
    expect(bundle).toMatch(/mask\d = null/);
    new Function(bundle)();
    const compiled = (globalThis as unknown as { compiled: Compiled }).compiled;
    check(compiled, written);
    // Without a source map the bundle itself is all there is: its renamed names stay, and `signatures`
    // (PyClassConstructor) names them.
    expect(parametersOf(compiled.Layerish.prototype.call!, bundle)!.params).not.toEqual(expected.call.params);
  });

  it("reads every kind of function: async, generator, class constructor, none", () => {
    class WithCtor {
      constructor(units = 32, kwargs = {}) {
        void [units, kwargs];
      }
      async load(path: string) {
        return path;
      }
      *items(n: number, ...more: number[]) {
        yield n + more.length;
      }
    }
    class NoCtor {}
    expect(parametersOf(WithCtor)).toEqual({ params: ["units"], required: 0, rest: false, options: true });
    expect(parametersOf(WithCtor.prototype.load)).toEqual({ params: ["path"], required: 1, rest: false, options: false });
    expect(parametersOf(WithCtor.prototype.items)).toEqual({ params: ["n"], required: 1, rest: true, options: false });
    expect(parametersOf(NoCtor)).toBeUndefined();
  });
});
