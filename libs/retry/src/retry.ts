import { setTimeout as sleepFor } from "node:timers/promises";

/** How often and how patiently a request is retried. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Delay before the first retry; doubles per retry. */
  initialDelayMs: number;
  /** Upper bound of any delay, including one the server asks for. */
  maxDelayMs: number;
}

/**
 * The delay before retry number `retry` (0-based): exponential, with "equal jitter" (half
 * fixed, half random) so that many clients spread out but none retries immediately.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** retry);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * The wait a response asks for, in ms: `retry-after-ms`, else `retry-after` as seconds or an
 * HTTP date; `undefined` when there is none or it cannot be read.
 */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get("retry-after");
  if (value === null || value === undefined || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Sleeps `ms`; as soon as `signal` fires, rejects with the caller's own error (`aborted`, given
 * the abort as its cause), so each client reports an abort in its own terms.
 */
export async function sleepUnlessAborted(
  ms: number,
  signal: AbortSignal | undefined,
  aborted: (cause: unknown) => Error,
): Promise<void> {
  try {
    await sleepFor(ms, undefined, signal === undefined ? {} : { signal });
  } catch (error) {
    throw aborted(error);
  }
}
