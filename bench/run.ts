// `npm run bench`: the six measurements of the bridge against its peers, side by side in one run, written to
// BENCHMARKS.md. Each bridge runs in its own worker process (pythonia starts Python as it loads, and start-up
// needs a fresh process anyway); workers of one measurement alternate, so that a noisy neighbour slows all of
// them alike. `--quick` runs one round of everything, for trying the suite out; `--render` rewrites
// BENCHMARKS.md from the samples of the last run (out/bench-samples.json), after editing bench/NOTES.md;
// `--only <section>` (compare, startup, training, iterate) runs one section and prints its part of the report
// (also written to out/bench-only-<section>.md), leaving BENCHMARKS.md and the last run's samples alone.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { LineReader } from "./lib/lines.js";
import { benchPython } from "./lib/python.js";
import { parseReport, summarize, type Summary, type WorkerResult } from "./lib/samples.js";
import { CHAIN_OPS, IMAGES_BYTES, LOADER_ITEMS, PYTHONIA_ARRAY_ELEMENTS } from "./lib/sizes.js";

const quick = process.argv.includes("--quick");
const renderOnly = process.argv.includes("--render");
const RUNS = quick ? 2 : 7; // samples of each contender in measurements 1 and 3
const CHAIN_RUNS = quick ? 1 : 3; // pythonia takes seconds per chain
const CALLS = 1000; // sequential calls per sample
const STARTUPS = quick ? 2 : 5;
const FIT_RUNS = quick ? 1 : 3;
const LOOP_RUNS = quick ? 2 : 7; // loops over the DataLoader, plain Python and tsreticulate
const LOOP_PYTHONIA_RUNS = CHAIN_RUNS; // pythonia pays a round trip per batch: seconds per loop

const SECTIONS = ["compare", "startup", "training", "iterate", "ray"] as const;
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
if (onlyAt >= 0 && !SECTIONS.includes(only as (typeof SECTIONS)[number])) {
  throw new Error(`--only takes one of ${SECTIONS.join(", ")}, got ${only ?? "nothing"}`);
}
const runs = (section: (typeof SECTIONS)[number]) => only === undefined || only === section;

const root = fileURLToPath(new URL("..", import.meta.url));
const python = await benchPython();
const env = { ...process.env, PYTHON_BIN: python, KERAS_BACKEND: "torch" };
const started = performance.now();
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function worker(script: string, args: string[], timeoutMs = 600_000): Promise<WorkerResult> {
  // TypeScript workers run through tsx; the start-up worker is plain JavaScript, run by plain node, so that
  // neither bridge's load time includes a TypeScript loader.
  const loader = script.endsWith(".ts") ? ["--import", "tsx"] : [];
  // --expose-gc: the compare worker collects between array samples (untimed), see compare.ts.
  const { stdout } = await execa("node", ["--expose-gc", ...loader, `bench/workers/${script}`, ...args], {
    cwd: root,
    env,
    timeout: timeoutMs,
    stderr: "inherit",
  });
  return parseReport(stdout);
}

/**
 * Starts the TypeScript training worker and the plain-Python script side by side (each prepares its data and
 * warms up, then waits), and asks them for one timed fit at a time, alternately.
 */
async function alternateFits(runs: number): Promise<Record<string, number[]>> {
  const children = {
    "train-tsreticulate": execa("node", ["--import", "tsx", "bench/workers/training.ts"], { cwd: root, env, stderr: "inherit", buffer: false }),
    "train-python": execa(python, ["-u", "bench/python/training.py"], { cwd: root, env, stderr: "inherit", buffer: false }),
  };
  const lines = new Map<string, LineReader>();
  for (const [name, child] of Object.entries(children)) lines.set(name, new LineReader(child.stdout!));
  const next = async (name: string, prefix: string): Promise<string> => {
    const line = await lines.get(name)!.next(prefix);
    if (line === undefined) throw new Error(`${name} ended before printing ${prefix}`);
    return line;
  };
  const out: Record<string, number[]> = {};
  try {
    for (const name of Object.keys(children)) await next(name, "@@ready");
    for (let run = 0; run < runs; run++) {
      const order = Object.keys(children);
      if (run % 2) order.reverse();
      for (const name of order) {
        children[name as keyof typeof children].stdin!.write("fit\n");
        (out[name] ??= []).push(Number(await next(name, "@@fit")));
      }
    }
  } finally {
    for (const child of Object.values(children)) child.stdin!.end("quit\n");
    await Promise.allSettled(Object.values(children));
  }
  return out;
}

/** Appends each worker's samples to `into`, under the worker's name. */
function collect(into: Map<string, number[]>, name: string, result: WorkerResult): void {
  for (const [key, samples] of Object.entries(result)) {
    const k = `${name}.${key}`;
    into.set(k, [...(into.get(k) ?? []), ...samples]);
  }
}

const samplesFile = new URL("../out/bench-samples.json", import.meta.url);
const samples = new Map<string, number[]>();
let meta = { date: new Date().toISOString(), seconds: 0, load: "", quick };

if (renderOnly) {
  const saved = JSON.parse(readFileSync(samplesFile, "utf8")) as { meta: typeof meta; samples: Record<string, number[]> };
  meta = saved.meta;
  for (const [k, v] of Object.entries(saved.samples)) samples.set(k, v);
  writeFileSync(new URL("../BENCHMARKS.md", import.meta.url), render());
  log("BENCHMARKS.md rewritten from out/bench-samples.json");
  process.exit(0);
}

// Measurements 1-3: sequential round trips, the pipelined chain, arrays; every contender in one process.
if (runs("compare")) {
  log("round trips, chains and arrays: the floor, tsreticulate and pythonia in turn");
  collect(samples, "compare", await worker("compare.ts", ["--runs", String(RUNS), "--calls", String(CALLS), "--chain-runs", String(CHAIN_RUNS)]));
}

// Measurement 4: start-up to the first answered call.
for (let i = 0; runs("startup") && i < STARTUPS; i++) {
  for (const name of i % 2 ? ["pythonia", "tsreticulate"] : ["tsreticulate", "pythonia"]) {
    log(`start-up ${i + 1}/${STARTUPS}: ${name}`);
    collect(samples, `startup-${name}`, await worker("startup.mjs", [name], 120_000));
  }
}

// Measurement 5: the workshop's model, through the bridge and in plain Python, the two processes taking turns.
if (runs("training")) {
  log("training: through the bridge and in plain Python, in turn");
  for (const [name, fitMs] of Object.entries(await alternateFits(FIT_RUNS))) collect(samples, name, { fitMs });
}

// Measurement 6: a loop over a DataLoader through iterate, through pythonia and in plain Python, in turn.
if (runs("iterate")) {
  log("iteration: a DataLoader through tsreticulate, pythonia and plain Python, in turn");
  collect(samples, "iterate", await worker("iteration.ts", ["--runs", String(LOOP_RUNS), "--pythonia-runs", String(LOOP_PYTHONIA_RUNS)]));
}

// Measurement 7: a call to a worker placed by Ray next to a local pool worker (bench/workers/ray.ts).
if (runs("ray")) {
  log("a call to a Ray-placed worker and to a local pool worker, in turn (starts a local Ray)");
  collect(samples, "ray", await worker("ray.ts", ["--runs", String(RUNS), "--calls", String(CALLS)]));
}

meta = { date: new Date().toISOString(), seconds: (performance.now() - started) / 1000, load: loadavg().map((l) => l.toFixed(2)).join(", "), quick };
mkdirSync(new URL("../out/", import.meta.url), { recursive: true });
if (only === undefined) {
  writeFileSync(samplesFile, JSON.stringify({ meta, samples: Object.fromEntries(samples) }));
  writeFileSync(new URL("../BENCHMARKS.md", import.meta.url), render());
  log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s: BENCHMARKS.md`);
} else {
  const report = render();
  writeFileSync(new URL(`../out/bench-only-${only}.md`, import.meta.url), report);
  process.stdout.write(report);
  log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s: out/bench-only-${only}.md (BENCHMARKS.md untouched)`);
}

// ---------------------------------------------------------------------------------------------- the report

function s(key: string): Summary {
  const v = samples.get(key);
  if (!v) throw new Error(`no samples for ${key}`);
  return summarize(v);
}

function fmt(x: number): string {
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

function cell(x: Summary): string {
  return `${fmt(x.median)} (${fmt(x.min)} – ${fmt(x.max)}, n=${x.runs})`;
}

interface Target {
  what: string;
  /** The measured figure: a ratio of medians, unless `unit` says otherwise. */
  value: number;
  unit?: string;
  goal: string;
  /** Undefined for a row that gives context (no target of its own). */
  met?: boolean;
}

/** Whether this run has samples for a section (all of them, except with `--only`). */
function has(prefix: string): boolean {
  for (const key of samples.keys()) if (key.startsWith(prefix)) return true;
  return false;
}

function render(): string {
  const targets: Target[] = [];
  const body: string[] = [];

  if (has("compare.")) {
    const rt = {
      ts: s("compare.tsreticulate.roundTripUs"),
      tsNoSites: s("compare.tsreticulate-nosites.roundTripUs"),
      py: s("compare.pythonia.roundTripUs"),
      floor: s("compare.floor.roundTripUs"),
    };
    const chain = {
      ts: s("compare.tsreticulate.chainMs"),
      tsNoSites: s("compare.tsreticulate-nosites.chainMs"),
      py: s("compare.pythonia.chainMs"),
    };
    const arrays = {
      tsTo: s("compare.tsreticulate.arrayToMBps"),
      tsBack: s("compare.tsreticulate.arrayBackMBps"),
      tsBackInto: s("compare.tsreticulate.arrayBackIntoMBps"),
      floorTo: s("compare.floor.arrayToMBps"),
      floorBack: s("compare.floor.arrayBackMBps"),
      pyTo: s("compare.pythonia.arrayToMBps"),
      pyBack: s("compare.pythonia.arrayBackMBps"),
      fresh: s("compare.memory.arrayToMBps"),
      reused: s("compare.memory.arrayBackMBps"),
    };
    targets.push(
      { what: "sequential round trip vs bare zeromq.js ↔ pyzmq", value: rt.ts.median / rt.floor.median, goal: "≤ 1.2", met: rt.ts.median <= 1.2 * rt.floor.median },
      { what: "sequential round trip vs pythonia", value: rt.ts.median / rt.py.median, goal: "≤ 1.0", met: rt.ts.median <= rt.py.median },
      { what: "the bare zeromq.js ↔ pyzmq loop itself vs pythonia", value: rt.floor.median / rt.py.median, goal: "–" },
      { what: "sequential round trip with `callSites: false` vs the bare loop", value: rt.tsNoSites.median / rt.floor.median, goal: "≤ 1.2", met: rt.tsNoSites.median <= 1.2 * rt.floor.median },
      { what: "10,000-op chain: pythonia time / tsreticulate time", value: chain.py.median / chain.ts.median, goal: "≥ 20", met: chain.py.median >= 20 * chain.ts.median },
      { what: "the same chain with `callSites: false`", value: chain.py.median / chain.tsNoSites.median, goal: "≥ 20", met: chain.py.median >= 20 * chain.tsNoSites.median },
      { what: "array JS → Python vs bare zmq transfer (MB/s ratio)", value: arrays.tsTo.median / arrays.floorTo.median, goal: "≥ 0.8", met: arrays.tsTo.median >= 0.8 * arrays.floorTo.median },
      { what: "array Python → JS vs bare zmq transfer (MB/s ratio)", value: arrays.tsBack.median / arrays.floorBack.median, goal: "≥ 0.8", met: arrays.tsBack.median >= 0.8 * arrays.floorBack.median },
      { what: "past the floor: array JS → Python vs `Buffer.copy` into a fresh buffer", value: arrays.tsTo.median / arrays.fresh.median, goal: "> 1", met: arrays.tsTo.median > arrays.fresh.median },
      { what: "past the floor: array Python → JS into a reused buffer (`toJs(t, { into })`) vs bare zmq transfer", value: arrays.tsBackInto.median / arrays.floorBack.median, goal: "> 1", met: arrays.tsBackInto.median > arrays.floorBack.median },
      { what: "array JS → Python vs pythonia (MB/s ratio)", value: arrays.tsTo.median / arrays.pyTo.median, goal: "≥ 20", met: arrays.tsTo.median >= 20 * arrays.pyTo.median },
      { what: "array Python → JS vs pythonia (MB/s ratio)", value: arrays.tsBack.median / arrays.pyBack.median, goal: "≥ 20", met: arrays.tsBack.median >= 20 * arrays.pyBack.median },
    );
    body.push(
      "## 1. Sequential round trip: `await math.sqrt(i)`, one call at a time",
      "",
      `${CALLS} calls per sample; microseconds per call.`,
      "",
      "| | µs per call |",
      "|---|---|",
      `| tsreticulate | ${cell(rt.ts)} |`,
      `| tsreticulate, \`callSites: false\` | ${cell(rt.tsNoSites)} |`,
      `| pythonia | ${cell(rt.py)} |`,
      `| bare zeromq.js ↔ pyzmq + msgpack (the transport's floor) | ${cell(rt.floor)} |`,
      "",
      `## 2. Pipelined chain: ${CHAIN_OPS.toLocaleString("en")} \`list.append(i)\`, awaited once at the end`,
      "",
      "pythonia awaits each call (its README: every Python call is awaited); tsreticulate sends them without waiting.",
      "",
      "| | ms per chain | µs per operation |",
      "|---|---|---|",
      `| tsreticulate | ${cell(chain.ts)} | ${fmt((chain.ts.median / CHAIN_OPS) * 1000)} |`,
      `| tsreticulate, \`callSites: false\` | ${cell(chain.tsNoSites)} | ${fmt((chain.tsNoSites.median / CHAIN_OPS) * 1000)} |`,
      `| pythonia | ${cell(chain.py)} | ${fmt((chain.py.median / CHAIN_OPS) * 1000)} |`,
      "",
      `## 3. Arrays: a ${(IMAGES_BYTES / 1e6).toFixed(0)} MB Float32Array [10000, 32, 32, 3] to a torch tensor and back`,
      "",
      "To: `torch.from_numpy(ndarray)` until Python has answered; back: `await toJs(tensor)`, and `await toJs(tensor, { into })`",
      "into one Float32Array reused by every sample. Each sample's tensor is made in a `py.scope` that ends after the sample",
      "(untimed), as in a loop over batches: Python gives the shared file back and the next sample is written into the same",
      "pages. MB/s, higher is better.",
      `pythonia moves arrays as JSON lists, so it gets 1/100 of the bytes (${((PYTHONIA_ARRAY_ELEMENTS * 4) / 1e6).toFixed(2)} MB); compared by MB/s.`,
      "",
      "| | JS → Python MB/s | Python → JS MB/s |",
      "|---|---|---|",
      `| tsreticulate | ${cell(arrays.tsTo)} | ${cell(arrays.tsBack)} |`,
      `| tsreticulate, \`toJs(t, { into })\` (a reused buffer) | | ${cell(arrays.tsBackInto)} |`,
      `| bare zeromq.js ↔ pyzmq multipart frame (the transport's floor) | ${cell(arrays.floorTo)} | ${cell(arrays.floorBack)} |`,
      `| pythonia (JSON) | ${cell(arrays.pyTo)} | ${cell(arrays.pyBack)} |`,
      "",
      "The memory floor, the same bytes in Node:",
      "",
      "| | MB/s |",
      "|---|---|",
      `| \`Buffer.copy\` into a fresh buffer | ${cell(arrays.fresh)} |`,
      `| \`Buffer.copy\` into a reused buffer | ${cell(arrays.reused)} |`,
      "",
    );
  }

  if (has("startup-")) {
    const startup = {
      ts: s("startup-tsreticulate.firstCallMs"),
      py: s("startup-pythonia.firstCallMs"),
      tsModule: s("startup-tsreticulate.moduleMs"),
      pyModule: s("startup-pythonia.moduleMs"),
      tsPython: s("startup-tsreticulate.pythonMs"),
      pyPython: s("startup-pythonia.pythonMs"),
    };
    targets.push({ what: "start-up to first call vs pythonia", value: startup.ts.median / startup.py.median, goal: "≤ 1.0", met: startup.ts.median <= startup.py.median });
    body.push(
      "## 4. Start-up to the first answered call",
      "",
      "From the start of a script, before the bridge is imported, to the answer of `math.sqrt(2)`; split into loading the",
      "bridge and starting Python until it answers. A plain `node` script (no TypeScript loader) imports the built package",
      "(`dist/index.js`, one esbuild bundle: what `import ... from \"tsreticulate\"` loads) or pythonia, which starts its Python process as it",
      "loads; both run the same interpreter (pythonia's `PYTHON_BIN`). tsreticulate loads zeromq.js and msgpackr while Python starts.",
      "",
      "| | total ms | loading the bridge ms | starting Python to the first answer ms |",
      "|---|---|---|---|",
      `| tsreticulate | ${cell(startup.ts)} | ${cell(startup.tsModule)} | ${cell(startup.tsPython)} |`,
      `| pythonia | ${cell(startup.py)} | ${cell(startup.pyModule)} | ${cell(startup.pyPython)} |`,
      "",
    );
  }

  if (has("train-")) {
    const train = { ts: s("train-tsreticulate.fitMs"), py: s("train-python.fitMs") };
    targets.push({ what: "training (3 epochs) vs the same script in plain Python", value: train.ts.median / train.py.median, goal: "≤ 1.03", met: train.ts.median <= 1.03 * train.py.median });
    body.push(
      "## 5. The workshop's model, 3 epochs on 10,000 random images",
      "",
      "Flatten → Dense 32 relu → Dense 1 sigmoid, SGD, batch 64; the time of `model.fit` (after a one-epoch warm-up fit).",
      "",
      "| | ms per fit |",
      "|---|---|",
      `| from TypeScript through tsreticulate | ${cell(train.ts)} |`,
      `| the same script in plain Python, same interpreter | ${cell(train.py)} |`,
      "",
    );
  }

  if (has("iterate.")) {
    const loop = { ts: s("iterate.tsreticulate.loopMs"), py: s("iterate.pythonia.loopMs"), plain: s("iterate.python.loopMs") };
    // Per-item overhead: the bridge's median loop minus plain Python's median loop, over the items.
    const perItem = (x: Summary) => (x.median * 1000) / LOADER_ITEMS;
    const overhead = (x: Summary) => ((x.median - loop.plain.median) * 1000) / LOADER_ITEMS;
    targets.push({ what: `DataLoader loop through \`iterate\`: per-batch overhead over plain Python`, value: overhead(loop.ts), unit: "µs", goal: "≤ 50 µs", met: overhead(loop.ts) <= 50 });
    body.push(
      `## 6. A loop over a DataLoader of ${LOADER_ITEMS.toLocaleString("en")} small batches`,
      "",
      `\`DataLoader(TensorDataset(torch.arange(${LOADER_ITEMS}).float().reshape(${LOADER_ITEMS}, 1)), batch_size=1)\`, built once by each contender and`,
      "looped over with an empty body (counting the batches) after one untimed loop: `for await (const batch of iterate(loader))`",
      "with `torch` imported `convert: false` (the workshop's way: each batch arrives as a JS array holding a tensor proxy),",
      "`for await (const batch of loader)` in pythonia (its README's async iteration: one round trip per batch), and",
      "`for batch in loader` in a plain Python process of the same interpreter, which times its own loop. The three take",
      "their loops in turn, the order rotating each run. Overhead per batch: the contender's median loop minus plain",
      "Python's, divided by the batches.",
      "",
      "| | ms per loop | µs per batch | overhead per batch over plain Python, µs |",
      "|---|---|---|---|",
      `| tsreticulate \`iterate\` | ${cell(loop.ts)} | ${fmt(perItem(loop.ts))} | ${fmt(overhead(loop.ts))} |`,
      `| pythonia \`for await\` | ${cell(loop.py)} | ${fmt(perItem(loop.py))} | ${fmt(overhead(loop.py))} |`,
      `| plain Python, same interpreter | ${cell(loop.plain)} | ${fmt(perItem(loop.plain))} | |`,
      "",
    );
  }

  if (has("ray.")) {
    const call = { local: s("ray.local.roundTripUs"), ray: s("ray.ray.roundTripUs") };
    body.push(
      "## 7. A call to a Ray-placed worker",
      "",
      `\`await math.sqrt(i)\`, ${CALLS.toLocaleString("en")} calls per sample, on the one worker of \`py.pool(1)\` and of`,
      "`py.pool(1, { ray: { num_cpus: 0.5 } })` (a local Ray started for it: TCP with CURVE to the actor instead of an",
      "ipc socket to a child process), the two taking their samples in turn.",
      "",
      "| | µs per call |",
      "|---|---|",
      `| local pool worker | ${cell(call.local)} |`,
      `| Ray-placed worker (same machine) | ${cell(call.ray)} |`,
      "",
    );
  }

  const cpu = cpus();
  let pythonVersion = "";
  try {
    pythonVersion = readFileSync(`${python.replace(/bin\/python[0-9.]*$/, "")}pyvenv.cfg`, "utf8").match(/version\s*=\s*(.+)/)?.[1] ?? "";
  } catch {
    /* not a venv */
  }
  const lines = [
    "# Benchmarks",
    "",
    `Written by \`npm run bench\`${meta.quick ? " --quick (one round: indicative only)" : ""}${only ? ` --only ${only}` : ""} on ${meta.date}, in ${meta.seconds.toFixed(0)} s.`,
    "Every figure is the median of the runs, with (min – max, n = runs); every ratio compares medians measured in this same run.",
    "Measurements 1-3 hold the three contenders in one process and take their samples in turn, the order rotating each run",
    "(shuffled for the arrays, where each sample meets the memory the one before it left, and a collection runs between",
    "samples), so that a busy neighbour slows each of them alike; 4 alternates fresh processes; in 5 the two training processes",
    "prepare and warm up side by side, then take turns, one timed fit at a time; 6 holds both bridges in one process and",
    "a plain Python process beside it, and the three take turns, one loop at a time.",
    "",
    "## Machine",
    "",
    `- CPU: ${cpu.length} cores, ${cpu[0]?.model ?? "unknown model"}`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB; load average at the end: ${meta.load} (the machine is shared: other processes ran too)`,
    `- Node ${process.version}; Python ${pythonVersion || "(see " + python + ")"} (${python}); the same interpreter for every bridge and for the plain-Python runs`,
    "",
    "## Targets",
    "",
    "| target | measured | goal | |",
    "|---|---|---|---|",
    ...targets.map((t) => `| ${t.what} | ${fmt(t.value)} ${t.unit ?? "×"} | ${t.goal} | ${t.met === undefined ? "context" : t.met ? "met" : "**missed**"} |`),
    "",
    ...body,
  ];
  if (only) return `${lines.join("\n")}\n`;
  let notes = "";
  try {
    notes = readFileSync(new URL("./NOTES.md", import.meta.url), "utf8");
  } catch {
    /* no notes */
  }
  return `${lines.join("\n")}\n${notes}`;
}
