// The parameters of JS functions, read from their source for their Python signature (src/bridge/wire/js-params.ts).
import { describe, expect, it } from "vitest";
import { ParamKind, jsParams } from "../../src/bridge/wire/js-params.js";

const { POSITIONAL, REST, OPTIONS } = ParamKind;

describe("jsParams", () => {
  it("reads arrows, functions, methods and async forms", () => {
    expect(jsParams((a: number, b = 3) => a + b)).toEqual([["a", POSITIONAL, false, null], ["b", POSITIONAL, true, 3]]);
    expect(jsParams((x: number) => x)).toEqual([["x", POSITIONAL, false, null]]);
    expect(jsParams(async function named(first: string, ...others: string[]) { return [first, others]; })).toEqual([
      ["first", POSITIONAL, false, null],
      ["others", REST, false, null],
    ]);
    const o = { method(p: number, q = "s") { return [p, q]; } };
    expect(jsParams(o.method)).toEqual([["p", POSITIONAL, false, null], ["q", POSITIONAL, true, "s"]]);
    expect(jsParams(() => 1)).toEqual([]);
  });

  it("keeps literal defaults, and marks others as defaulted without a value", () => {
    const f = (a = -1.5, b = 'it\'s', c = true, d = null, e = [1, (2)], g = Math.max(1, 2)) => [a, b, c, d, e, g];
    expect(jsParams(f)).toEqual([
      ["a", POSITIONAL, true, -1.5],
      ["b", POSITIONAL, true, "it's"],
      ["c", POSITIONAL, true, true],
      ["d", POSITIONAL, true, null],
      ["e", POSITIONAL, true, null],
      ["g", POSITIONAL, true, null],
    ]);
  });

  it("a destructured last object is the keyword arguments; other patterns get placeholder names", () => {
    expect(jsParams((x: number, { y }: { y: number }) => x + y)).toEqual([["x", POSITIONAL, false, null], ["kwargs", OPTIONS, false, null]]);
    expect(jsParams(([a, b]: number[], c: number) => a! + b! + c)).toEqual([["arg0", POSITIONAL, false, null], ["c", POSITIONAL, false, null]]);
  });

  it("skips strings and comments that hold brackets and commas", () => {
    // A function made from source, so that the text is exactly this whatever compiles the test.
    const f = new Function("a = ')', /* b, ( */ c = \"x,y\"", "return a + c");
    expect(jsParams(f)).toEqual([["a", POSITIONAL, true, ")"], ["c", POSITIONAL, true, "x,y"]]);
  });

  it("gives null for native, bound and class functions", () => {
    expect(jsParams(Math.max)).toBe(null);
    expect(jsParams(((a: number) => a).bind(null))).toBe(null);
    expect(jsParams(class A {})).toBe(null);
  });
});
