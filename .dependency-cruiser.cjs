// `npm run check:cycles` (part of `npm test`): no import cycles in src/, and the bridge's layers import only
// downwards (docs/architecture.md).
// - Cycles: of modules that load each other. An `import type` is erased at compile time, so a cycle through one
//   (Bridge and Pool name each other's types) cannot leave a module half-initialised: not counted.
// - Layers: type-only imports count. A layer that names an upper layer's types depends on it as much as one that
//   calls it; the session knows proxies through session/proxies.ts, not through proxy.ts.
// - src/keras/generated and src/torchvision/generated are declarations generated from Python's own modules
//   (scripts/*-types), which name each other's types as the Python modules do: not checked for cycles.
const layers = ["errors", "wire", "transport", "process", "session"];
const bridge = "^src/bridge/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import cycle: split out what both sides need (docs/architecture.md, 'imports between layers').",
      from: { path: "^src/", pathNot: "^src/(keras|torchvision)/generated/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    // Each layer may import the layers below it (earlier in `layers`), never those above nor the user-facing
    // modules at the top of src/bridge.
    ...layers.map((layer, i) => ({
      name: `layer-${layer}`,
      severity: "error",
      comment: `src/bridge/${layer}/ may import only itself, ${[...layers.slice(0, i).map((l) => `${l}/`), "node and npm modules"].join(", ")}`,
      from: { path: `${bridge}${layer}/` },
      to: {
        path: `^src/`,
        pathNot: [`${bridge}(${layers.slice(0, i + 1).join("|")})/`],
      },
    })),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
