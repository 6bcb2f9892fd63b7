import { SandboxError, SandboxErrorCode } from "./sandbox-error.js";
import type { RunResult, RunSpec, Sandbox } from "./types.js";
import type { WarmPool } from "./warm-pool.js";

/** A driver's run function, given the signal that fires when the sandbox closes. */
export type DriverRun = (spec: RunSpec, signal: AbortSignal | undefined) => Promise<RunResult>;

/**
 * The part both drivers share: refuse runs after close, and on close kill the runs in flight
 * (through `closeSignal`), wait until each has cleaned up, and stop the warm workers.
 */
export function managedSandbox(
  kind: Sandbox["kind"],
  makeRun: (closeSignal: AbortSignal) => DriverRun,
  warm: WarmPool,
): Sandbox {
  const closing = new AbortController();
  const inFlight = new Set<Promise<unknown>>();
  const driverRun = makeRun(closing.signal);
  /** Starts a run unless closed, tracks it until it settles, and keeps the rejection contract. */
  const track = async (start: () => Promise<RunResult>): Promise<RunResult> => {
    if (closing.signal.aborted) throw new SandboxError(SandboxErrorCode.CLOSED, "sandbox is closed");
    const run = start();
    inFlight.add(run);
    try {
      return await run;
    } catch (error) {
      if (error instanceof SandboxError) throw error;
      // The contract: a run rejects only with a SandboxError (a daemon or file-system error here).
      throw new SandboxError(SandboxErrorCode.RUN_FAILED, `run failed: ${String(error)}`, { cause: error });
    } finally {
      inFlight.delete(run);
    }
  };
  return {
    kind,
    runWarm: (spec, signal) => track(() => warm.run(spec, signal, closing.signal)),
    run: (spec, signal) => track(() => driverRun(spec, signal)),
    async close() {
      closing.abort();
      await Promise.allSettled([...inFlight]);
      await warm.close();
    },
  };
}
