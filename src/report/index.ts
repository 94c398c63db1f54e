// Runs of the examples: settings from the environment, where outputs go, result tables.
export { outputDir, outputPath } from "./output.js";
export { markdownTable, type Cell, type MarkdownTableOptions } from "./markdown-table.js";
export { envInteger, envChoice } from "./settings.js";
