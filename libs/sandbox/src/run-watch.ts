import { SandboxError, SandboxErrorCode } from "./sandbox-error.js";

/** Why a run was stopped from outside, if it was. */
export type StopReason = "timeout" | "aborted" | "closed";

/** The wall clock and abort wiring of one run. */
export interface RunWatch {
  /** Set once the run was stopped from outside. */
  readonly reason: StopReason | undefined;
  /** Stops watching (call when the run has ended). */
  dispose(): void;
  /** The error a stopped-by-abort run rejects with; undefined for timeouts and normal ends. */
  abortError(): SandboxError | undefined;
}

/**
 * Calls `kill` once when the wall limit passes or a signal fires (the caller's or the
 * sandbox's own close). `kill` must end the whole process tree and must not throw.
 */
export function watchRun(
  timeoutMs: number,
  signal: AbortSignal | undefined,
  closeSignal: AbortSignal,
  kill: () => void,
): RunWatch {
  let reason: StopReason | undefined;
  const stop = (why: StopReason) => {
    if (reason !== undefined) return;
    reason = why;
    kill();
  };
  const timer = setTimeout(() => stop("timeout"), timeoutMs);
  const onAbort = () => stop("aborted");
  const onClose = () => stop("closed");
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  if (closeSignal.aborted) onClose();
  else closeSignal.addEventListener("abort", onClose, { once: true });
  return {
    get reason() {
      return reason;
    },
    dispose() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      closeSignal.removeEventListener("abort", onClose);
    },
    abortError() {
      if (reason === "aborted") return new SandboxError(SandboxErrorCode.ABORTED, "run aborted");
      if (reason === "closed")
        return new SandboxError(SandboxErrorCode.CLOSED, "sandbox closed during the run");
      return undefined;
    },
  };
}
