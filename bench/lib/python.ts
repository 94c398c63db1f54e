// The interpreter every measurement uses: the bridge's own managed environment, so that the bridges and the
// pure-Python runs differ only in how Python is reached. The orchestrator resolves it once and hands it to each
// child as PYTHON_BIN (pythonia's own variable), so that a child measuring pythonia or the bare loop never loads
// tsreticulate's code to find it.
export async function benchPython(): Promise<string> {
  if (process.env.PYTHON_BIN) return process.env.PYTHON_BIN;
  const { resolvePython } = await import("../../dist/bridge/process/environment.js");
  return resolvePython(process.env.TSRETICULATE_PYTHON || undefined);
}
