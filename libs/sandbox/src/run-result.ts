import type { RunResult } from "./types.js";

/** A RunResult with every field not given set to its "nothing happened" value. */
export function makeResult(fields: Partial<RunResult> & { durationMs: number }): RunResult {
  return {
    exitCode: null,
    signal: null,
    timedOut: false,
    oomKilled: false,
    stdout: "",
    stderr: "",
    files: new Map(),
    ...fields,
    durationMs: Math.round(fields.durationMs),
  };
}

/** Resolves after `ms`. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits for `promise` at most `ms`, then goes on without it (the timer is cleared either way). */
export async function atMost(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
