// Result tables as markdown: readable printed in a terminal, rendered in a notebook, diffable when saved.

export type Cell = string | number | null | undefined;

export interface MarkdownTableOptions {
  /** Decimals for numbers that are not integers (default 3). */
  digits?: number;
}

/** A markdown table from rows of objects; the columns are the keys of the first row, in order. */
export function markdownTable(rows: readonly Record<string, Cell>[], options: MarkdownTableOptions = {}): string {
  if (!Array.isArray(rows) || rows.length === 0) throw new TypeError("markdownTable() takes a non-empty array of row objects");
  const digits = options.digits ?? 3;
  const columns = Object.keys(rows[0]!);
  const format = (v: Cell) =>
    v === null || v === undefined ? "" : typeof v === "number" && !Number.isInteger(v) ? v.toFixed(digits) : String(v);
  const cells = rows.map((r) => columns.map((c) => format(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, 3, ...cells.map((r) => r[i]!.length)));
  const numeric = columns.map((c) => rows.every((r) => typeof r[c] === "number" || r[c] == null));
  const line = (values: string[]) =>
    `| ${values.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join(" | ")} |`;
  const rule = `| ${widths.map((w, i) => (numeric[i] ? "-".repeat(w - 1) + ":" : "-".repeat(w))).join(" | ")} |`;
  return [line(columns), rule, ...cells.map(line)].join("\n") + "\n";
}
