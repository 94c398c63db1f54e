// `npm run bench`: the bridge against its peers, each contender measured alone. For every workload, each round
// starts one fresh child process per contender (bench/workers/calls.ts and its siblings), the order rotating
// from round to round (A, B, C, then B, C, A, ...): a child holds one contender, measures one workload, prints its
// samples as JSON and exits, so no contender's idle machinery (sockets, threads, timers) is alive while another
// is measured, and a noisy neighbour slows every contender's rounds alike. Ratios compare medians of this run.
//
//   npm run bench                      every workload; BENCHMARKS.md and out/bench-samples.json
//   npm run bench -- --quick           fewer rounds, to try it out: out/bench-quick.md only
//   npm run bench -- --only roundtrip  one workload or a comma-separated few: printed, and out/bench-only-<names>.md
//   npm run bench -- --rounds 3        that many rounds of every workload chosen
//   npm run bench -- --render          BENCHMARKS.md again from out/bench-samples.json (after editing bench/NOTES.md)
// BENCHMARKS.md is written only by a run of every workload without --quick or --rounds.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { execa } from "execa";
import { benchPython } from "./lib/python.js";
import { render, type BenchData, type ChildRun } from "./lib/render.js";
import { parseChild } from "./lib/samples.js";
import { childCommand, WORKLOAD_NAMES, WORKLOADS, type WorkloadName } from "./lib/workloads.js";

/** Bad options end the run with what was wrong, not a stack trace. */
function usage(problem: string): never {
  process.stderr.write(`bench: ${problem}\nusage: npm run bench [-- --quick] [-- --only ${WORKLOAD_NAMES.join("|")}[,...]] [-- --rounds N] [-- --render]\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      render: { type: "boolean", default: false },
      only: { type: "string", multiple: true },
      rounds: { type: "string" },
    },
    strict: true,
  });
} catch (error) {
  usage((error as Error).message);
}
const options = parsed.values;
const only = options.only?.flatMap((o) => o.split(",")).map((o) => o.trim()).filter(Boolean);
for (const name of only ?? []) {
  if (!WORKLOAD_NAMES.includes(name as WorkloadName)) usage(`--only takes ${WORKLOAD_NAMES.join(", ")} (or several, comma-separated), got ${name}`);
}
const roundsOverride = options.rounds === undefined ? undefined : Number(options.rounds);
if (roundsOverride !== undefined && !(Number.isInteger(roundsOverride) && roundsOverride > 0)) {
  usage(`--rounds takes a positive whole number, got ${options.rounds}`);
}
const chosen = WORKLOAD_NAMES.filter((w) => !only || only.includes(w));
const complete = !only && !options.quick && roundsOverride === undefined;

const out = new URL("../out/", import.meta.url);
const samplesFile = new URL("bench-samples.json", out);
const benchmarks = new URL("../BENCHMARKS.md", import.meta.url);
const notes = () => readFileSync(new URL("./NOTES.md", import.meta.url), "utf8");
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

if (options.render) {
  const data = JSON.parse(readFileSync(samplesFile, "utf8")) as BenchData;
  writeFileSync(benchmarks, render(data, notes()));
  log("BENCHMARKS.md rewritten from out/bench-samples.json");
  process.exit(0);
}

const root = fileURLToPath(new URL("..", import.meta.url));
const python = await benchPython();
// PYTHON_BIN: pythonia's interpreter, and every child's (bench/lib/python.ts), so all run the same Python.
const env = { ...process.env, PYTHON_BIN: python, KERAS_BACKEND: "torch" };
const started = performance.now();

/** One child: one contender, one workload, one fresh process. A child that fails or hangs is a result too. */
async function child(workload: WorkloadName, contender: string, round: number): Promise<ChildRun> {
  const { file, args } = childCommand(workload, contender, python);
  const t0 = performance.now();
  const result = await execa(file, args, {
    cwd: root,
    env,
    timeout: WORKLOADS[workload].timeoutS * 1000,
    reject: false,
    stdout: "pipe",
    stderr: ["pipe", "inherit"],
  });
  const seconds = (performance.now() - t0) / 1000;
  const parsed = parseChild(String(result.stdout), String(result.stderr));
  if (result.timedOut) return { contender, round, seconds, failed: `killed after ${WORKLOADS[workload].timeoutS} s` };
  if ("failed" in parsed) return { contender, round, seconds, failed: parsed.failed };
  if (result.failed) return { contender, round, seconds, failed: `exited with ${result.exitCode ?? result.signal} after its result` };
  return { contender, round, seconds, samples: parsed.result };
}

const data: BenchData = { date: "", seconds: 0, load: "", quick: options.quick, only, rounds: roundsOverride, python, runs: {} };
for (const workload of chosen) {
  const { contenders, rounds: r } = WORKLOADS[workload];
  const rounds = roundsOverride ?? (options.quick ? r.quick : r.full);
  const runs: ChildRun[] = (data.runs[workload] = []);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < contenders.length; i++) {
      const contender = contenders[(i + round) % contenders.length]!;
      const run = await child(workload, contender, round);
      runs.push(run);
      log(`${workload} ${round + 1}/${rounds} ${contender}: ${run.failed ? `FAILED (${run.failed})` : `${run.seconds.toFixed(1)} s`}`);
    }
  }
}

data.date = new Date().toISOString();
data.seconds = (performance.now() - started) / 1000;
data.load = loadavg().map((l) => l.toFixed(2)).join(", ");
mkdirSync(out, { recursive: true });
if (complete) {
  writeFileSync(samplesFile, JSON.stringify(data));
  writeFileSync(benchmarks, render(data, notes()));
  log(`done in ${data.seconds.toFixed(0)} s: BENCHMARKS.md, out/bench-samples.json`);
} else {
  const name = options.quick ? "bench-quick" : only ? `bench-only-${only.join("-")}` : `bench-rounds-${roundsOverride}`;
  writeFileSync(new URL(`${name}.json`, out), JSON.stringify(data));
  const report = render(data);
  writeFileSync(new URL(`${name}.md`, out), report);
  process.stdout.write(report);
  log(`done in ${data.seconds.toFixed(0)} s: out/${name}.md (BENCHMARKS.md untouched)`);
}
