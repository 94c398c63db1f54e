// The interpreter every measurement uses: the bridge's own managed environment, so that the bridges and the
// pure-Python runs differ only in how Python is reached.
import { resolvePython } from "../../dist/bridge/environment.js";

export async function benchPython(): Promise<string> {
  return resolvePython(process.env.TSRETICULATE_PYTHON || undefined);
}
