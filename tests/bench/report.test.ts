// The benchmark's report: figures are medians of each child's own median, ratios compare them, and a child that
// failed or hung is reported as such, never counted as met.
import { describe, expect, it } from "vitest";
import { render, type BenchData, type ChildRun } from "../../bench/lib/render.js";
import { parseChild } from "../../bench/lib/samples.js";

const run = (contender: string, round: number, samples: Record<string, number[]> | string): ChildRun =>
  typeof samples === "string" ? { contender, round, seconds: 1, failed: samples } : { contender, round, seconds: 1, samples };

const data = (runs: BenchData["runs"]): BenchData => ({ date: "2026-01-01T00:00:00Z", seconds: 1, load: "0.1", quick: true, python: "/usr/bin/python3", runs });

const row = (report: string, start: string) => report.split("\n").find((l) => l.startsWith(`| ${start}`));

describe("the benchmark report", () => {
  it("takes each child's median, then the median over children, and divides medians", () => {
    const report = render(
      data({
        roundtrip: [
          run("tsreticulate", 0, { roundTripUs: [100, 130, 500], cpuUsPerCall: [200] }), // child median 130
          run("tsreticulate", 1, { roundTripUs: [110, 110, 110], cpuUsPerCall: [200] }), // 110
          run("tsreticulate", 2, { roundTripUs: [90, 150, 150], cpuUsPerCall: [200] }), // 150
          run("floor", 0, { roundTripUs: [100], cpuUsPerCall: [100] }),
          run("tsreticulate-nosites", 0, { roundTripUs: [100], cpuUsPerCall: [100] }),
          run("pythonia", 0, { roundTripUs: [260], cpuUsPerCall: [100] }),
        ],
      }),
    );
    expect(row(report, "tsreticulate |")).toContain("130 (110 – 150, n=3)");
    expect(row(report, "awaited call vs bare")).toContain("| 1.30 × | ≤ 1.2 | **missed** |");
    expect(row(report, "awaited call vs pythonia")).toContain("| 0.50 × | ≤ 1.0 | met |");
    expect(row(report, "CPU per awaited call")).toContain("| 2.00 × | – | context |");
  });

  it("a failed or hung child fails every target its contender takes part in, and is listed with its reason", () => {
    const report = render(
      data({
        pipelined: [
          run("tsreticulate", 0, "10000 awaited results did not settle within 20 s"),
          run("tsreticulate", 1, { awaitedMs: [50], cpuUsPerCall: [5] }),
          run("tsreticulate-nosites", 0, { awaitedMs: [40], cpuUsPerCall: [4] }),
          run("pythonia", 0, { awaitedMs: [2000], cpuUsPerCall: [100] }),
          run("floor", 0, { awaitedMs: [100], cpuUsPerCall: [10] }),
        ],
      }),
    );
    // 2000 / 50 = 40 × would meet the target, but one of two runs hung.
    expect(row(report, "10,000 awaited results: pythonia (awaiting each)")).toContain("| 40.0 × | ≥ 20 | **failed runs** (tsreticulate: 1 of 2 runs failed) |");
    expect(row(report, "the same with `callSites: false`")).toContain("| 50.0 × | ≥ 20 | met |");
    expect(row(report, "tsreticulate |")).toContain("**1 failed**");
    expect(report).toContain("- pipelined, round 1, tsreticulate: 10000 awaited results did not settle within 20 s");
  });

  it("a contender with no finished child has no figure, and its targets are not met", () => {
    const report = render(data({ training: [run("tsreticulate", 0, "killed after 600 s"), run("python", 0, { fitMs: [1000], fitCpuMs: [900], torchThreads: [2] })] }));
    expect(row(report, "training (3 epochs)")).toContain("| – | ≤ 1.03 | **failed runs** (tsreticulate: 1 of 1 runs failed) |");
  });
});

describe("reading a child's output", () => {
  it("finds the result among whatever else the bridges printed", () => {
    expect(parseChild('noise\n@@bench-result {"x":[1,2]}\nmore noise\n', "")).toEqual({ result: { x: [1, 2] } });
  });

  it("takes the child's own reason for failing, else the tail of what it printed", () => {
    expect(parseChild("@@bench-failed the sample hung\n", "")).toEqual({ failed: "the sample hung" });
    expect(parseChild("", "line 1\nTraceback\nValueError: bad\n")).toEqual({ failed: "line 1 / Traceback / ValueError: bad" });
  });
});
