// Does the bridge's Python process slow torch? Runs the training workload's fit (bench/python/training_threads.py)
// in a fresh plain `python` and, through `py.exec`, in a fresh bridge, alternating, and prints for each what every
// thread did during the fit (CPU, wake-ups) and torch's settings; for the bridge, also the Node process's threads.
//   npx tsx bench/diagnose/training-threads.ts [rounds]     (after `npm run build`; bench/NOTES.md has the findings)
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { Bridge } from "../../dist/index.js";
import { benchPython } from "../lib/python.js";

interface ThreadFigures {
  name: string;
  cpu_ms: number;
  voluntary_per_s: number;
  involuntary_per_s: number;
}
interface Probe {
  fit_ms: number;
  cpu_ms: number;
  threads: ThreadFigures[];
  settings: Record<string, unknown>;
}

const rounds = Number(process.argv[2] ?? 3);
const python = await benchPython();
const script = new URL("../python/training_threads.py", import.meta.url);
const source = readFileSync(script, "utf8");
const ticksPerSecond = 100; // Linux's USER_HZ, the unit of /proc's CPU times

/** This (Node) process's threads: CPU ticks and context switches. */
function nodeThreads(): Map<string, { name: string; cpu: number; vol: number; invol: number }> {
  const out = new Map<string, { name: string; cpu: number; vol: number; invol: number }>();
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const status = readFileSync(`/proc/self/task/${tid}/status`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const count = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
      out.set(tid, {
        name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")),
        cpu: Number(fields[11]) + Number(fields[12]),
        vol: count("voluntary_ctxt_switches"),
        invol: count("nonvoluntary_ctxt_switches"),
      });
    } catch {
      /* the thread ended meanwhile */
    }
  }
  return out;
}

function print(label: string, probe: Probe): void {
  console.log(`${label}: fit ${probe.fit_ms.toFixed(0)} ms, CPU ${probe.cpu_ms.toFixed(0)} ms; ${JSON.stringify(probe.settings)}`);
  for (const t of probe.threads) {
    if (t.cpu_ms === 0 && t.voluntary_per_s < 0.5) continue;
    console.log(`  ${t.name.padEnd(28)} CPU ${t.cpu_ms.toFixed(0).padStart(6)} ms  woke ${t.voluntary_per_s.toFixed(1).padStart(6)}/s  preempted ${t.involuntary_per_s.toFixed(1).padStart(6)}/s`);
  }
}

for (let round = 0; round < rounds; round++) {
  const out = execFileSync(python, ["-u", script.pathname], { env: { ...process.env, KERAS_BACKEND: "torch" }, encoding: "utf8" });
  const line = out.split("\n").find((l) => l.startsWith("@@threads "));
  if (!line) throw new Error(`training_threads.py printed no result:\n${out.slice(-2000)}`);
  print(`plain Python ${round + 1}`, JSON.parse(line.slice("@@threads ".length)) as Probe);

  const bridge = new Bridge();
  try {
    await bridge.exec(source.replace('if __name__ == "__main__":', "if False:"));
    const before = nodeThreads();
    const probe = JSON.parse((await bridge.eval("__import__('json').dumps(run())")) as string) as Probe;
    const after = nodeThreads();
    print(`bridge ${round + 1}`, probe);
    const seconds = probe.fit_ms / 1000;
    for (const [tid, a] of after) {
      const b = before.get(tid) ?? { cpu: 0, vol: 0, invol: 0 };
      if (a.cpu === b.cpu && a.vol - b.vol < 1) continue;
      const cpuMs = ((a.cpu - b.cpu) / ticksPerSecond) * 1000;
      console.log(`  Node ${`${a.name} ${tid}`.padEnd(23)} CPU ${cpuMs.toFixed(0).padStart(6)} ms  woke ${((a.vol - b.vol) / seconds).toFixed(1).padStart(6)}/s  preempted ${((a.invol - b.invol) / seconds).toFixed(1).padStart(6)}/s`);
    }
  } finally {
    await bridge.shutdown();
  }
}
