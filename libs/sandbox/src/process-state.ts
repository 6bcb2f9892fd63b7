import { readFileSync } from "node:fs";
import { delay } from "./run-result.js";

/** True when a process with this pid exists on this host (EPERM: it exists but is someone else's). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** True while the process exists and is not a zombie (those wait for a reaper, not for us). */
export function processRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.charAt(stat.lastIndexOf(")") + 2);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

/** Polls until the process has ended, for at most `ms`. */
export async function waitUntilGone(pid: number, ms = 5000): Promise<void> {
  for (let waited = 0; waited < ms && processRunning(pid); waited += 20) await delay(20);
}
