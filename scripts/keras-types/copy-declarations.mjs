// Part of `npm run build`: tsc emits no declaration files it did not compile, so the generated Keras
// declarations (src/keras/generated/*.d.ts, see generate.py) are copied into dist/ beside what tsc emitted.
import { cpSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
cpSync(join(root, "src/keras/generated"), join(root, "dist/keras/generated"), {
  recursive: true,
  filter: (source) => !source.endsWith(".ts") || source.endsWith(".d.ts"),
});
