// Values that say which Python type a JS value becomes where JS has no such type: tuple, dict, float, slice.

/** A Python tuple: `tuple(32, 32, 3)`. */
export class PyTuple {
  constructor(readonly items: readonly unknown[]) {}
}

/** A Python dict passed positionally: `dict({ a: 1 })` (a trailing plain object would be keyword arguments). */
export class PyDict {
  constructor(readonly entries: Readonly<Record<string, unknown>> | ReadonlyMap<unknown, unknown>) {}
}

/** A Python float, even for an integral value: `float(1)`. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** A Python slice: `slice(0, 10)`, `slice(null, null, -1)`. */
export class PySlice {
  constructor(
    readonly start: unknown,
    readonly stop: unknown,
    readonly step: unknown,
  ) {}
}

export function tuple(...items: unknown[]): PyTuple {
  return new PyTuple(items);
}

export function dict(entries: Record<string, unknown> | ReadonlyMap<unknown, unknown> = {}): PyDict {
  return new PyDict(entries);
}

export function float(value: number): PyFloat {
  if (typeof value !== "number") throw new TypeError(`float() takes a number, got ${typeof value}`);
  return new PyFloat(value);
}

export function slice(start: unknown = null, stop: unknown = null, step: unknown = null): PySlice {
  return new PySlice(start, stop, step);
}

/** Python's None. */
export const None = null;
