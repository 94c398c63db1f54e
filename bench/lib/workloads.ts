// What `npm run bench` measures: each workload, its contenders, how many rounds, and the command of the child
// process that measures one contender once. Every child is a fresh process holding one contender only.
import { LOADER_ITEMS } from "./sizes.js";

export const WORKLOAD_NAMES = ["roundtrip", "pipelined", "chain", "arrays", "startup", "training", "iterate", "ray"] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

export interface Workload {
  readonly contenders: readonly string[];
  /** Rounds of a full run and of `--quick`; each round starts every contender once. */
  readonly rounds: { readonly full: number; readonly quick: number };
  /** Timed samples inside one child, after its warm-up (the child's figure is their median). */
  readonly samples: number;
  /** The orchestrator kills a child still running after this long (a child's own watchdog usually fires first). */
  readonly timeoutS: number;
  /** A child fails its run when one sample has not settled after this long: a hang is a result, not a stall. */
  readonly watchdogS: number;
}

export const WORKLOADS: Record<WorkloadName, Workload> = {
  roundtrip: { contenders: ["floor", "tsreticulate", "tsreticulate-nosites", "pythonia"], rounds: { full: 9, quick: 2 }, samples: 3, timeoutS: 120, watchdogS: 60 },
  pipelined: { contenders: ["floor", "tsreticulate", "tsreticulate-nosites", "pythonia"], rounds: { full: 7, quick: 2 }, samples: 2, timeoutS: 120, watchdogS: 20 },
  chain: { contenders: ["tsreticulate", "tsreticulate-nosites", "pythonia"], rounds: { full: 5, quick: 1 }, samples: 2, timeoutS: 120, watchdogS: 60 },
  arrays: { contenders: ["floor", "tsreticulate", "pythonia", "memory"], rounds: { full: 5, quick: 1 }, samples: 3, timeoutS: 300, watchdogS: 120 },
  startup: { contenders: ["tsreticulate", "pythonia"], rounds: { full: 9, quick: 2 }, samples: 1, timeoutS: 120, watchdogS: 120 },
  training: { contenders: ["tsreticulate", "python"], rounds: { full: 5, quick: 1 }, samples: 1, timeoutS: 600, watchdogS: 600 },
  iterate: { contenders: ["tsreticulate", "pythonia", "python"], rounds: { full: 5, quick: 1 }, samples: 3, timeoutS: 300, watchdogS: 120 },
  // A pool worker placed by Ray next to a local one (each child starts its pool; pool-ray a local Ray too).
  ray: { contenders: ["pool-local", "pool-ray"], rounds: { full: 3, quick: 1 }, samples: 3, timeoutS: 300, watchdogS: 60 },
};

/** The command line of the child that measures `contender` in `workload` once. */
export function childCommand(workload: WorkloadName, contender: string, python: string): { file: string; args: string[] } {
  const { samples, watchdogS } = WORKLOADS[workload];
  const watchdog = ["--watchdog-s", String(watchdogS)];
  // TypeScript children run through tsx's loader; the bridge they measure is the built package (dist/), as
  // users run it. --expose-gc: the array child collects between samples (untimed).
  const node = (script: string, ...args: string[]) => ({ file: process.execPath, args: ["--expose-gc", "--import", "tsx", script, ...args] });
  switch (workload) {
    case "roundtrip":
    case "pipelined":
    case "chain":
    case "arrays":
      return node("bench/workers/calls.ts", "--workload", workload, "--contender", contender, "--samples", String(samples), ...watchdog);
    case "startup":
      // Plain node, no TypeScript loader: neither bridge's load time includes one.
      return { file: process.execPath, args: ["bench/workers/startup.mjs", contender] };
    case "training":
      return contender === "python" ? { file: python, args: ["-u", "bench/python/training.py"] } : node("bench/workers/training.ts");
    case "iterate":
      return contender === "python"
        ? { file: python, args: ["-u", "bench/python/iteration.py", String(LOADER_ITEMS), String(samples)] }
        : node("bench/workers/iteration.ts", "--contender", contender, "--loops", String(samples), ...watchdog);
    case "ray":
      return node("bench/workers/ray.ts", "--contender", contender, "--samples", String(samples), ...watchdog);
  }
}
