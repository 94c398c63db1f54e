// The ports of Keras' guides (tests/keras/port-*.test.ts) run each guide in Python and in TypeScript and compare
// what both give. One comparison for all of them.
import { expect } from "vitest";

export interface SameOptions {
  /** Object keys left out of the comparison (say why at the call). */
  ignoreKeys?: readonly string[];
}

/** Python's and TypeScript's results agree: same keys, same strings, numbers equal to float32 precision. */
export function expectSame(ts: unknown, python: unknown, options: SameOptions = {}, path = "result"): void {
  if (typeof python === "number") {
    expect(typeof ts, path).toBe("number");
    expect(Math.abs((ts as number) - python), `${path}: ${ts} vs Python's ${python}`).toBeLessThanOrEqual(
      1e-5 * Math.max(1, Math.abs(python)),
    );
  } else if (Array.isArray(python)) {
    expect(Array.isArray(ts), path).toBe(true);
    expect((ts as unknown[]).length, path).toBe(python.length);
    python.forEach((v, i) => expectSame((ts as unknown[])[i], v, options, `${path}[${i}]`));
  } else if (python !== null && typeof python === "object") {
    const ignored = options.ignoreKeys ?? [];
    const keys = (o: object) => Object.keys(o).filter((k) => !ignored.includes(k)).sort();
    expect(keys(ts as object), path).toEqual(keys(python));
    for (const k of keys(python)) {
      expectSame((ts as Record<string, unknown>)[k], (python as Record<string, unknown>)[k], options, `${path}.${k}`);
    }
  } else {
    expect(ts, path).toEqual(python);
  }
}
