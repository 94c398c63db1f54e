import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Exact names: a plain "tsreticulate" alias would also rewrite "tsreticulate/workshop" by prefix.
    alias: [
      { find: /^tsreticulate$/, replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
      { find: /^tsreticulate\/workshop$/, replacement: fileURLToPath(new URL("./src/workshop/index.ts", import.meta.url)) },
    ],
  },
  test: {
    include: ["tests/**/*.test.ts"],
    // One Python process per test file; a cold `import keras, torch` takes seconds on this machine.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    execArgv: ["--expose-gc"],
    maxWorkers: 2,
    // The JSON report feeds scripts/test-summary.mjs, which prints the plain "N passed, N failed" line.
    reporters: ["default", ["json", { outputFile: "out/vitest-report.json" }]],
  },
});
