// Reading a child's (or our own) stdin/stdout line by line, waiting for a line with a given prefix.
import type { Readable } from "node:stream";

export class LineReader {
  private buffered = "";
  private readonly lines: string[] = [];
  private waiter: (() => void) | undefined;
  private ended = false;

  constructor(stream: Readable) {
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      const parts = (this.buffered + chunk).split("\n");
      this.buffered = parts.pop() ?? "";
      this.lines.push(...parts);
      this.waiter?.();
    });
    stream.on("end", () => {
      this.ended = true;
      this.waiter?.();
    });
  }

  /** The rest of the next line that starts with `prefix` (other lines are skipped); undefined at the end. */
  async next(prefix = ""): Promise<string | undefined> {
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) {
        if (line.startsWith(prefix)) return line.slice(prefix.length).trim();
        continue;
      }
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => (this.waiter = resolve));
      this.waiter = undefined;
    }
  }
}
