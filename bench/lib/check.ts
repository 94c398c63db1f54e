// The call workloads check what they get back: a contender that loses or garbles results is not fast.

/** Throws unless `values` are math.sqrt(0 .. n-1). */
export function checkSquareRoots(contender: string, values: readonly unknown[], n: number): void {
  if (values.length !== n) throw new Error(`${contender}: ${values.length} results for ${n} calls`);
  for (let i = 0; i < n; i++) {
    if (values[i] !== Math.sqrt(i)) throw new Error(`${contender}: call ${i} answered ${String(values[i])}, not ${Math.sqrt(i)}`);
  }
}
