// Run settings read from the environment (EPOCHS=1 npm run workshop): a typo fails at once, naming the
// variable, instead of reaching Keras as NaN.

/** The positive integer in environment variable `name`, or `fallback` when it is unset or empty. */
export function envInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}

/** One of `choices` from environment variable `name`, or the first choice when it is unset or empty. */
export function envChoice<T extends string>(name: string, choices: readonly [T, ...T[]]): T {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return choices[0];
  if (!(choices as readonly string[]).includes(raw)) {
    throw new RangeError(`${name} must be one of ${choices.map((c) => JSON.stringify(c)).join(", ")}, got ${JSON.stringify(raw)}`);
  }
  return raw as T;
}
