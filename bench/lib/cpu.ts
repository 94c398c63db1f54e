// CPU time spent by this process and every process it started (a bridge's Python, the floor's server), read
// between samples. On a shared machine a sample's wall time mostly says how long it waited for a core; the CPU
// both sides spent on the work moves much less with the load, so the call workloads report it beside the wall time.
import { readdirSync, readFileSync } from "node:fs";

const ticksPerSecond = 100; // Linux's USER_HZ, the unit of /proc's CPU times

/** pid -> [parent pid, CPU ms so far] of every process that can be read now. */
function processes(): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(Number(entry), [Number(fields[1]), ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1000]);
    } catch {
      /* it ended meanwhile */
    }
  }
  return out;
}

/** CPU milliseconds so far of this process (µs-exact) and of its descendants (to 10 ms); Linux only. */
export function treeCpuMs(): number {
  const own = process.cpuUsage();
  let total = (own.user + own.system) / 1000;
  const all = processes();
  const children = new Map<number, number[]>();
  for (const [pid, [parent]] of all) children.set(parent, [...(children.get(parent) ?? []), pid]);
  const pending = [...(children.get(process.pid) ?? [])];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    total += all.get(pid)![1];
    pending.push(...(children.get(pid) ?? []));
  }
  return total;
}
