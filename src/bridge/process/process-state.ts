// Whether a local process is at work right now, read from the kernel (Linux's /proc).
import { readFileSync, readdirSync } from "node:fs";

/**
 * Whether process `pid` is at work: one of its threads running or runnable ("R"), or waiting for the disk ("D":
 * importing torch pages in hundreds of MB of libraries, for seconds on a loaded machine). Python computing in native
 * code while holding the GIL (a long scikit-learn fit, an import's dlopen) cannot answer heartbeats, yet is alive
 * and working. A stopped (SIGSTOP), traced or deadlocked process is none of these. False where there is no /proc.
 */
export function isAtWork(pid: number): boolean {
  return threadStates(pid).some((s) => s === "R" || s === "D");
}

/** The states of the process' threads ("R", "S", "D", "T", ...). */
function threadStates(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map((tid) => fieldsAfterName(readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8"))[0] ?? "");
  } catch {
    return [];
  }
}

/** The fields of a /proc stat line after the command name, which is in parentheses and may itself hold ") ". */
function fieldsAfterName(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}
