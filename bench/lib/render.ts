// BENCHMARKS.md from one run's children: each child's figure is the median of its own samples, and each table
// cell summarizes the children of one contender (median, min – max, n = processes). Ratios are of medians of
// this same run. A child that failed or hung counts: its contender's cell and every target it takes part in
// say so.
import { cpus, totalmem } from "node:os";
import { readFileSync } from "node:fs";
import { summarize, type ChildResult, type Summary } from "./samples.js";
import { AWAITED_CALLS, CHAIN_OPS, IMAGES_BYTES, LOADER_ITEMS, PYTHONIA_ARRAY_ELEMENTS, ROUND_TRIP_CALLS, ROUND_TRIP_WARMUP } from "./sizes.js";
import { WORKLOADS, type WorkloadName } from "./workloads.js";

/** One child process: a contender measured once, in one round. */
export interface ChildRun {
  contender: string;
  round: number;
  seconds: number;
  samples?: ChildResult;
  failed?: string;
}

export interface BenchData {
  date: string;
  seconds: number;
  load: string;
  quick: boolean;
  only?: string[];
  /** `--rounds`: the rounds of every workload, in place of the defaults. */
  rounds?: number;
  python: string;
  runs: Partial<Record<WorkloadName, ChildRun[]>>;
}

interface Target {
  what: string;
  /** The measured figure: a ratio of medians, unless `unit` says otherwise; undefined when a side has no figure. */
  value: number | undefined;
  unit?: string;
  goal: string;
  /** Undefined for a row that gives context (no target of its own). */
  met?: boolean;
  /** Failed children of the contenders the row compares. */
  failures: string[];
}

/** The call workloads' CPU figure: this child and the processes it started, over all its timed samples. */
const CPU = "cpuUsPerCall";
const CPU_NOTE =
  "CPU: what the child process and every process it started (the bridge's Python, pythonia's, the floor's server) spent\n" +
  "over all its timed samples, per call (Node's from `process.cpuUsage`, the others' from `/proc`, to 10 ms). On a\n" +
  "shared machine the wall time mostly says how long each step waited for a core; the CPU moves much less with the load.";

function fmt(x: number): string {
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

export function render(data: BenchData, notes?: string): string {
  const runsOf = (w: WorkloadName, c: string) => (data.runs[w] ?? []).filter((r) => r.contender === c);
  /** The contender's figure of `metric`: one value per child that finished (the median of its samples). */
  const fig = (w: WorkloadName, c: string, metric: string): Summary | undefined => {
    const perChild = runsOf(w, c).flatMap((r) => {
      const samples = r.samples?.[metric];
      return samples?.length ? [summarize(samples).median] : [];
    });
    return perChild.length ? summarize(perChild) : undefined;
  };
  const failures = (w: WorkloadName, ...cs: string[]) =>
    cs.flatMap((c) => {
      const all = runsOf(w, c);
      const failed = all.filter((r) => r.failed);
      return failed.length ? [`${c}: ${failed.length} of ${all.length} runs failed`] : [];
    });
  const cell = (w: WorkloadName, c: string, metric: string): string => {
    const x = fig(w, c, metric);
    const failed = runsOf(w, c).filter((r) => r.failed).length;
    const base = x ? `${fmt(x.median)} (${fmt(x.min)} – ${fmt(x.max)}, n=${x.runs})` : "–";
    return failed ? `${base}; **${failed} failed**` : base;
  };
  const median = (w: WorkloadName, c: string, metric: string) => fig(w, c, metric)?.median;
  /** a / b of two medians, or undefined when either is missing. */
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a / b);
  const target = (what: string, value: number | undefined, goal: string, test: ((v: number) => boolean) | undefined, failed: string[], unit?: string): Target => ({
    what,
    value,
    unit,
    goal,
    met: test === undefined ? undefined : value !== undefined && failed.length === 0 && test(value),
    failures: failed,
  });

  const targets: Target[] = [];
  const body: string[] = [];
  const has = (w: WorkloadName) => (data.runs[w]?.length ?? 0) > 0;

  if (has("roundtrip")) {
    const w = "roundtrip";
    const m = "roundTripUs";
    const [ts, nosites, py, floor] = ["tsreticulate", "tsreticulate-nosites", "pythonia", "floor"].map((c) => median(w, c, m));
    targets.push(
      target("awaited call vs bare zeromq.js ↔ pyzmq", ratio(ts, floor), "≤ 1.2", (v) => v <= 1.2, failures(w, "tsreticulate", "floor")),
      target("awaited call vs pythonia", ratio(ts, py), "≤ 1.0", (v) => v <= 1, failures(w, "tsreticulate", "pythonia")),
      target("the bare zeromq.js ↔ pyzmq loop itself vs pythonia", ratio(floor, py), "–", undefined, failures(w, "floor", "pythonia")),
      target("awaited call with `callSites: false` vs the bare loop", ratio(nosites, floor), "≤ 1.2", (v) => v <= 1.2, failures(w, "tsreticulate-nosites", "floor")),
      target("CPU per awaited call (Node + Python) vs the bare loop's", ratio(median(w, "tsreticulate", CPU), median(w, "floor", CPU)), "–", undefined, failures(w, "tsreticulate", "floor")),
    );
    body.push(
      "## 1. Awaited round trip: `for (...) await math.sqrt(i)`",
      "",
      `Each process: ${ROUND_TRIP_WARMUP} warm-up calls, then ${WORKLOADS[w].samples} samples of ${ROUND_TRIP_CALLS} calls; microseconds per call.`,
      "",
      "| | µs per call | CPU µs per call, Node + Python |",
      "|---|---|---|",
      `| tsreticulate | ${cell(w, "tsreticulate", m)} | ${cell(w, "tsreticulate", CPU)} |`,
      `| tsreticulate, \`callSites: false\` | ${cell(w, "tsreticulate-nosites", m)} | ${cell(w, "tsreticulate-nosites", CPU)} |`,
      `| pythonia | ${cell(w, "pythonia", m)} | ${cell(w, "pythonia", CPU)} |`,
      `| bare zeromq.js ↔ pyzmq + msgpack (the transport's floor) | ${cell(w, "floor", m)} | ${cell(w, "floor", CPU)} |`,
      "",
      CPU_NOTE,
      "",
    );
  }

  if (has("pipelined")) {
    const w = "pipelined";
    const m = "awaitedMs";
    const [ts, nosites, py, floor] = ["tsreticulate", "tsreticulate-nosites", "pythonia", "floor"].map((c) => median(w, c, m));
    targets.push(
      target(`${AWAITED_CALLS.toLocaleString("en")} awaited results: pythonia (awaiting each) time / tsreticulate time`, ratio(py, ts), "≥ 20", (v) => v >= 20, failures(w, "tsreticulate", "pythonia")),
      target("the same with `callSites: false`", ratio(py, nosites), "≥ 20", (v) => v >= 20, failures(w, "tsreticulate-nosites", "pythonia")),
      target(`${AWAITED_CALLS.toLocaleString("en")} awaited results: tsreticulate vs one bare zeromq.js ↔ pyzmq message per call`, ratio(ts, floor), "–", undefined, failures(w, "tsreticulate", "floor")),
      target(`${AWAITED_CALLS.toLocaleString("en")} awaited results: pythonia's CPU per call / tsreticulate's (Node + Python)`, ratio(median(w, "pythonia", CPU), median(w, "tsreticulate", CPU)), "–", undefined, failures(w, "tsreticulate", "pythonia")),
    );
    const perCall = (c: string) => {
      const x = median(w, c, m);
      return x === undefined ? "–" : fmt((x / AWAITED_CALLS) * 1000);
    };
    body.push(
      `## 2. ${AWAITED_CALLS.toLocaleString("en")} calls with every result awaited`,
      "",
      `\`Promise.all\` of ${AWAITED_CALLS.toLocaleString("en")} \`math.sqrt(i)\` issued at once (tsreticulate; the bare loop sends one message per call`,
      "and reads the answers as they come); pythonia cannot pipeline, so its counterpart awaits each call in turn. Every",
      `result is checked. Each process: one warm-up of 1,000, then ${WORKLOADS[w].samples} samples; a sample that has not settled in ${WORKLOADS[w].watchdogS} s fails the run.`,
      "",
      "| | ms per 10,000 | µs per call | CPU µs per call, Node + Python |",
      "|---|---|---|---|",
      `| tsreticulate | ${cell(w, "tsreticulate", m)} | ${perCall("tsreticulate")} | ${cell(w, "tsreticulate", CPU)} |`,
      `| tsreticulate, \`callSites: false\` | ${cell(w, "tsreticulate-nosites", m)} | ${perCall("tsreticulate-nosites")} | ${cell(w, "tsreticulate-nosites", CPU)} |`,
      `| pythonia, each awaited in turn | ${cell(w, "pythonia", m)} | ${perCall("pythonia")} | ${cell(w, "pythonia", CPU)} |`,
      `| bare zeromq.js ↔ pyzmq, one message per call | ${cell(w, "floor", m)} | ${perCall("floor")} | ${cell(w, "floor", CPU)} |`,
      "",
    );
  }

  if (has("chain")) {
    const w = "chain";
    const m = "chainMs";
    const [ts, nosites, py] = ["tsreticulate", "tsreticulate-nosites", "pythonia"].map((c) => median(w, c, m));
    targets.push(
      target(`${CHAIN_OPS.toLocaleString("en")}-op chain: pythonia time / tsreticulate time`, ratio(py, ts), "≥ 20", (v) => v >= 20, failures(w, "tsreticulate", "pythonia")),
      target("the same chain with `callSites: false`", ratio(py, nosites), "≥ 20", (v) => v >= 20, failures(w, "tsreticulate-nosites", "pythonia")),
    );
    const perOp = (c: string) => {
      const x = median(w, c, m);
      return x === undefined ? "–" : fmt((x / CHAIN_OPS) * 1000);
    };
    body.push(
      `## 3. Pipelined chain: ${CHAIN_OPS.toLocaleString("en")} \`list.append(i)\`, awaited once at the end`,
      "",
      "pythonia awaits each call (its README: every Python call is awaited); tsreticulate sends them without waiting.",
      `Each process: a warm-up chain of 1,000, then ${WORKLOADS[w].samples} samples.`,
      "",
      "| | ms per chain | µs per operation | CPU µs per operation, Node + Python |",
      "|---|---|---|---|",
      `| tsreticulate | ${cell(w, "tsreticulate", m)} | ${perOp("tsreticulate")} | ${cell(w, "tsreticulate", CPU)} |`,
      `| tsreticulate, \`callSites: false\` | ${cell(w, "tsreticulate-nosites", m)} | ${perOp("tsreticulate-nosites")} | ${cell(w, "tsreticulate-nosites", CPU)} |`,
      `| pythonia | ${cell(w, "pythonia", m)} | ${perOp("pythonia")} | ${cell(w, "pythonia", CPU)} |`,
      "",
    );
  }

  if (has("arrays")) {
    const w = "arrays";
    const to = (c: string) => median(w, c, "arrayToMBps");
    const back = (c: string) => median(w, c, "arrayBackMBps");
    const into = median(w, "tsreticulate", "arrayBackIntoMBps");
    const f = (...cs: string[]) => failures(w, ...cs);
    targets.push(
      target("array JS → Python vs bare zmq transfer (MB/s ratio)", ratio(to("tsreticulate"), to("floor")), "≥ 0.8", (v) => v >= 0.8, f("tsreticulate", "floor")),
      target("array Python → JS vs bare zmq transfer (MB/s ratio)", ratio(back("tsreticulate"), back("floor")), "≥ 0.8", (v) => v >= 0.8, f("tsreticulate", "floor")),
      target("past the floor: array JS → Python vs `Buffer.copy` into a fresh buffer", ratio(to("tsreticulate"), to("memory")), "> 1", (v) => v > 1, f("tsreticulate", "memory")),
      target("past the floor: array Python → JS into a reused buffer (`toJs(t, { into })`) vs bare zmq transfer", ratio(into, back("floor")), "> 1", (v) => v > 1, f("tsreticulate", "floor")),
      target("array JS → Python vs pythonia (MB/s ratio)", ratio(to("tsreticulate"), to("pythonia")), "≥ 20", (v) => v >= 20, f("tsreticulate", "pythonia")),
      target("array Python → JS vs pythonia (MB/s ratio)", ratio(back("tsreticulate"), back("pythonia")), "≥ 20", (v) => v >= 20, f("tsreticulate", "pythonia")),
    );
    body.push(
      `## 4. Arrays: a ${(IMAGES_BYTES / 1e6).toFixed(0)} MB Float32Array [10000, 32, 32, 3] to a torch tensor and back`,
      "",
      "To: `torch.from_numpy(ndarray)` until Python has answered; back: `await toJs(tensor)`, and `await toJs(tensor, { into })`",
      "into one Float32Array reused by every sample. Each sample's tensor is made in a `py.scope` that ends after the sample",
      "(untimed), as in a loop over batches: Python gives the shared file back and the next sample is written into the same",
      `pages. Each process: one warm-up sample, then ${WORKLOADS[w].samples}, with a collection between samples (untimed). MB/s, higher is better.`,
      `pythonia moves arrays as JSON lists, so it gets 1/100 of the bytes (${((PYTHONIA_ARRAY_ELEMENTS * 4) / 1e6).toFixed(2)} MB); compared by MB/s.`,
      "",
      "| | JS → Python MB/s | Python → JS MB/s |",
      "|---|---|---|",
      `| tsreticulate | ${cell(w, "tsreticulate", "arrayToMBps")} | ${cell(w, "tsreticulate", "arrayBackMBps")} |`,
      `| tsreticulate, \`toJs(t, { into })\` (a reused buffer) | | ${cell(w, "tsreticulate", "arrayBackIntoMBps")} |`,
      `| bare zeromq.js ↔ pyzmq multipart frame (the transport's floor) | ${cell(w, "floor", "arrayToMBps")} | ${cell(w, "floor", "arrayBackMBps")} |`,
      `| pythonia (JSON) | ${cell(w, "pythonia", "arrayToMBps")} | ${cell(w, "pythonia", "arrayBackMBps")} |`,
      "",
      "The memory floor, the same bytes copied by Node alone (a process of its own, like the others):",
      "",
      "| | MB/s |",
      "|---|---|",
      `| \`Buffer.copy\` into a fresh buffer | ${cell(w, "memory", "arrayToMBps")} |`,
      `| \`Buffer.copy\` into a reused buffer | ${cell(w, "memory", "arrayBackMBps")} |`,
      "",
    );
  }

  if (has("startup")) {
    const w = "startup";
    targets.push(
      target("start-up to first call vs pythonia", ratio(median(w, "tsreticulate", "firstCallMs"), median(w, "pythonia", "firstCallMs")), "≤ 1.0", (v) => v <= 1, failures(w, "tsreticulate", "pythonia")),
    );
    body.push(
      "## 5. Start-up to the first answered call",
      "",
      "From the start of a script, before the bridge is imported, to the answer of `math.sqrt(2)`; split into loading the",
      "bridge and starting Python until it answers. A plain `node` script (no TypeScript loader) imports the built package",
      "(`dist/index.js`, one esbuild bundle: what `import ... from \"tsreticulate\"` loads) or pythonia, which starts its Python process as it",
      "loads; both run the same interpreter (pythonia's `PYTHON_BIN`). tsreticulate loads zeromq.js and msgpackr while Python starts.",
      "",
      "| | total ms | loading the bridge ms | starting Python to the first answer ms |",
      "|---|---|---|---|",
      ...["tsreticulate", "pythonia"].map((c) => `| ${c} | ${cell(w, c, "firstCallMs")} | ${cell(w, c, "moduleMs")} | ${cell(w, c, "pythonMs")} |`),
      "",
    );
  }

  if (has("training")) {
    const w = "training";
    const f = failures(w, "tsreticulate", "python");
    targets.push(
      target("training (3 epochs) vs the same script in plain Python", ratio(median(w, "tsreticulate", "fitMs"), median(w, "python", "fitMs")), "≤ 1.03", (v) => v <= 1.03, f),
      target("the CPU time of that fit in the bridge's Python process vs plain Python's", ratio(median(w, "tsreticulate", "fitCpuMs"), median(w, "python", "fitCpuMs")), "–", undefined, f),
    );
    const threads = (c: string) => [...new Set(runsOf(w, c).flatMap((r) => r.samples?.torchThreads ?? []))].join(", ") || "–";
    body.push(
      "## 6. The workshop's model, 3 epochs on 10,000 random images",
      "",
      "Flatten → Dense 32 relu → Dense 1 sigmoid, SGD, batch 64; the time of `model.fit`, after a one-epoch warm-up fit, in a",
      "fresh process each round (the two alternate). CPU time: all threads of the process that trains (the bridge's Python",
      "process, read from `/proc/<pid>/stat` by the TypeScript worker; `time.process_time()` in plain Python), during the fit.",
      "",
      "| | ms per fit | CPU ms in the fit | torch threads |",
      "|---|---|---|---|",
      `| from TypeScript through tsreticulate | ${cell(w, "tsreticulate", "fitMs")} | ${cell(w, "tsreticulate", "fitCpuMs")} | ${threads("tsreticulate")} |`,
      `| the same script in plain Python, same interpreter | ${cell(w, "python", "fitMs")} | ${cell(w, "python", "fitCpuMs")} | ${threads("python")} |`,
      "",
    );
  }

  if (has("iterate")) {
    const w = "iterate";
    const plain = median(w, "python", "loopMs");
    const perItem = (c: string) => {
      const x = median(w, c, "loopMs");
      return x === undefined ? undefined : (x * 1000) / LOADER_ITEMS;
    };
    const overhead = (c: string) => {
      const x = median(w, c, "loopMs");
      return x === undefined || plain === undefined ? undefined : ((x - plain) * 1000) / LOADER_ITEMS;
    };
    const show = (x: number | undefined) => (x === undefined ? "–" : fmt(x));
    targets.push(
      target("DataLoader loop through `iterate`: per-batch overhead over plain Python", overhead("tsreticulate"), "≤ 50 µs", (v) => v <= 50, failures(w, "tsreticulate", "python"), "µs"),
    );
    body.push(
      `## 7. A loop over a DataLoader of ${LOADER_ITEMS.toLocaleString("en")} small batches`,
      "",
      `\`DataLoader(TensorDataset(torch.arange(${LOADER_ITEMS}).float().reshape(${LOADER_ITEMS}, 1)), batch_size=1)\`, built once by each process and`,
      `looped over with an empty body (counting the batches), one untimed loop then ${WORKLOADS[w].samples} timed: \`for await (const batch of iterate(loader))\``,
      "with `torch` imported `convert: false` (the workshop's way: each batch arrives as a JS array holding a tensor proxy),",
      "`for await (const batch of loader)` in pythonia (its README's async iteration: one round trip per batch), and",
      "`for batch in loader` in a plain Python process of the same interpreter, which times its own loop. Overhead per batch:",
      "the contender's median loop minus plain Python's, divided by the batches.",
      "",
      "| | ms per loop | µs per batch | overhead per batch over plain Python, µs |",
      "|---|---|---|---|",
      `| tsreticulate \`iterate\` | ${cell(w, "tsreticulate", "loopMs")} | ${show(perItem("tsreticulate"))} | ${show(overhead("tsreticulate"))} |`,
      `| pythonia \`for await\` | ${cell(w, "pythonia", "loopMs")} | ${show(perItem("pythonia"))} | ${show(overhead("pythonia"))} |`,
      `| plain Python, same interpreter | ${cell(w, "python", "loopMs")} | ${show(perItem("python"))} | |`,
      "",
    );
  }

  if (has("ray")) {
    const w = "ray";
    const m = "roundTripUs";
    targets.push(
      target("awaited call to a Ray-placed worker vs a local pool worker", ratio(median(w, "pool-ray", m), median(w, "pool-local", m)), "–", undefined, failures(w, "pool-ray", "pool-local")),
    );
    body.push(
      "## 8. An awaited call to a pool worker: local, and placed by Ray",
      "",
      `\`py.pool(1)\` and \`py.pool(1, { ray: { num_cpus: 0.5 } })\` on a local Ray started by the child; ${ROUND_TRIP_WARMUP} warm-up calls, then`,
      `${WORKLOADS[w].samples} samples of ${ROUND_TRIP_CALLS} \`await math.sqrt(i)\` on the worker. The Ray worker is reached over TCP with CURVE keys`,
      "(an actor reports its address), the local one over an ipc socket.",
      "",
      "| | µs per call |",
      "|---|---|",
      `| local pool worker | ${cell(w, "pool-local", m)} |`,
      `| Ray-placed worker | ${cell(w, "pool-ray", m)} |`,
      "",
    );
  }

  const failed = Object.entries(data.runs).flatMap(([w, runs]) =>
    (runs ?? []).filter((r) => r.failed).map((r) => `- ${w}, round ${r.round + 1}, ${r.contender}: ${r.failed}`),
  );
  if (failed.length) body.push("## Failed runs", "", ...failed, "");

  const status = (t: Target) => {
    if (t.failures.length) return `**failed runs** (${t.failures.join("; ")})`;
    if (t.met === undefined) return "context";
    return t.met ? "met" : "**missed**";
  };
  const cpu = cpus();
  let pythonVersion = "";
  try {
    pythonVersion = readFileSync(`${data.python.replace(/bin\/python[0-9.]*$/, "")}pyvenv.cfg`, "utf8").match(/version\s*=\s*(.+)/)?.[1] ?? "";
  } catch {
    /* not a venv */
  }
  const how = [
    data.quick ? " --quick (few rounds: indicative only)" : "",
    data.only ? ` --only ${data.only.join(",")}` : "",
    data.rounds ? ` --rounds ${data.rounds}` : "",
  ].join("");
  const lines = [
    "# Benchmarks",
    "",
    `Written by \`npm run bench\`${how} on ${data.date}, in ${data.seconds.toFixed(0)} s.`,
    "Each contender is measured alone: every round starts one fresh process per contender, which loads that contender only,",
    "measures one workload (a warm-up, then its samples), prints its samples and exits; the rounds alternate the contenders,",
    "the order rotating from round to round (A, B, C, then B, C, A, ...), so that a busy neighbour slows each of them alike.",
    "A process's figure is the median of its samples; every cell gives the median of the processes' figures with",
    "(min – max, n = processes), and every ratio compares medians measured in this same run.",
    "",
    "## Machine",
    "",
    `- CPU: ${cpu.length} cores, ${cpu[0]?.model ?? "unknown model"}`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB; load average at the end: ${data.load} (the machine is shared: other processes ran too)`,
    `- Node ${process.version}; Python ${pythonVersion || "(see " + data.python + ")"} (${data.python}); the same interpreter for every bridge and for the plain-Python runs`,
    "",
    "## Targets",
    "",
    "| target | measured | goal | |",
    "|---|---|---|---|",
    ...targets.map((t) => `| ${t.what} | ${t.value === undefined ? "–" : `${fmt(t.value)} ${t.unit ?? "×"}`} | ${t.goal} | ${status(t)} |`),
    "",
    ...body,
  ];
  return `${lines.join("\n")}\n${notes ?? ""}`;
}
