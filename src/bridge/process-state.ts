// Whether a local process is running on a CPU right now, read from the kernel (Linux's /proc).
import { readFileSync } from "node:fs";

/**
 * True when the process is running or runnable ("R" in /proc/<pid>/stat): Python computing in native code
 * while holding the GIL (a long scikit-learn fit) cannot answer heartbeats, yet is alive and working.
 * False when it is stopped, traced, a zombie, sleeping or waiting — and when the system has no /proc.
 */
export function isRunningOnCpu(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The state follows the command name, which is in parentheses and may itself contain ") ".
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state === "R";
  } catch {
    return false;
  }
}
