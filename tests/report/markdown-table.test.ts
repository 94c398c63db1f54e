// markdownTable: the format the exercises print and save.
import { describe, expect, it } from "vitest";
import { markdownTable } from "../../src/workshop/index.js";

describe("markdownTable", () => {
  it("aligns text left and numbers right, with fixed decimals and blank missing cells", () => {
    const table = markdownTable([
      { model: "QDA", "test accuracy": 0.66449, n: 3 },
      { model: "random forest", "test accuracy": null, n: 500 },
    ]);
    expect(table).toBe(
      [
        "| model         | test accuracy |   n |",
        "| ------------- | ------------: | --: |",
        "| QDA           |         0.664 |   3 |",
        "| random forest |               | 500 |",
        "",
      ].join("\n"),
    );
    expect(markdownTable([{ a: 1 / 3 }], { digits: 2 })).toContain("| 0.33 |");
  });

  it("refuses an empty table", () => {
    expect(() => markdownTable([])).toThrow(/non-empty array of row objects/);
  });
});
