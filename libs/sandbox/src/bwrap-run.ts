import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import type { Logger } from "@tracegen/log";
import { type BwrapArgsInput, bwrapArgs, type HostEntry } from "./bwrap-args.js";
import { BwrapStatus } from "./bwrap-status.js";
import { CappedOutput } from "./capped-output.js";
import { collectFiles } from "./collect-files.js";
import { waitUntilGone } from "./process-state.js";
import { copyRepo, saveTree } from "./repo-copy.js";
import { makeResult } from "./run-result.js";
import { type ResolvedLimits, resolveLimits, sandboxEnv, validateSpec } from "./run-spec.js";
import { watchRun } from "./run-watch.js";
import { SandboxError, SandboxErrorCode } from "./sandbox-error.js";
import type { RunResult, RunSpec } from "./types.js";

/** What every bwrap run of one sandbox shares. */
export interface BwrapRunContext {
  bwrapPath: string;
  logger: Logger;
  layout: readonly HostEntry[];
  /** Host uid/gid bwrap is started as (when this process is root); the copy is given to it. */
  runAs: { uid: number; gid: number } | undefined;
  tmpRoot: string | undefined;
  closeSignal: AbortSignal;
}

const STATUS_FD = 3;

/** One run: copy, spawn bwrap in its own process group, wait (or kill the group), collect, remove the copy. */
export async function runInBwrap(
  ctx: BwrapRunContext,
  spec: RunSpec,
  signal?: AbortSignal,
): Promise<RunResult> {
  validateSpec(spec);
  const limits = resolveLimits(spec.limits);
  if (signal?.aborted) throw new SandboxError(SandboxErrorCode.ABORTED, "run aborted before start");
  const copy = await copyRepo(spec.repoDir, { owner: ctx.runAs, tmpRoot: ctx.tmpRoot });
  try {
    const args = bwrapArgs({
      layout: ctx.layout,
      copyDir: copy.dir,
      limits,
      command: spec.command,
      statusFd: STATUS_FD,
    } satisfies BwrapArgsInput);
    const result = await execute(ctx, args, spec, limits, signal);
    result.files = await collectFiles(copy.dir, spec.collect ?? [], limits.collectBytes);
    if (spec.saveTreeTo !== undefined) await saveTree(copy.dir, spec.saveTreeTo);
    ctx.logger.debug(
      { exitCode: result.exitCode, timedOut: result.timedOut, durationMs: result.durationMs },
      "run ended",
    );
    return result;
  } finally {
    await copy.remove();
  }
}

function execute(
  ctx: BwrapRunContext,
  args: string[],
  spec: RunSpec,
  limits: ResolvedLimits,
  signal: AbortSignal | undefined,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(ctx.bwrapPath, args, {
      cwd: "/",
      env: sandboxEnv(spec),
      stdio: ["ignore", "pipe", "pipe", "pipe"],
      // Its own process group, so a kill reaches bwrap and everything it left outside the
      // sandbox; --die-with-parent then takes the sandbox's pid namespace down with it.
      detached: true,
      ...(ctx.runAs ?? {}),
    });
    const stdout = new CappedOutput(limits.outputBytes);
    const stderr = new CappedOutput(limits.outputBytes);
    child.stdout?.pipe(stdout);
    child.stderr?.pipe(stderr);
    const status = new BwrapStatus();
    const statusStream = child.stdio[STATUS_FD] as Readable | null;
    statusStream?.setEncoding("utf8").on("data", (chunk: string) => status.push(chunk));
    const kill = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    };
    const watch = watchRun(spec.timeoutMs, signal, ctx.closeSignal, kill);
    // Everything in the sandbox dies with it, so the pipes close; this only guards a leak.
    let closeGuard: NodeJS.Timeout | undefined;
    child.on("exit", () => {
      closeGuard = setTimeout(() => {
        for (const stream of [child.stdout, child.stderr, statusStream]) stream?.destroy();
      }, 5000);
    });
    child.on("error", (error) => {
      watch.dispose();
      const code = (error as NodeJS.ErrnoException).code === "ENOENT" ? "UNAVAILABLE" : "RUN_FAILED";
      reject(
        new SandboxError(SandboxErrorCode[code], `cannot start ${ctx.bwrapPath}: ${error.message}`, {
          cause: error,
        }),
      );
    });
    child.on("close", async (code, killSignal) => {
      const durationMs = performance.now() - started;
      clearTimeout(closeGuard);
      watch.dispose();
      // Killed from outside, the namespace's init dies by --die-with-parent a moment later and
      // takes every process in it along; wait for that so nothing of the run outlives run().
      const childPid = status.childPid;
      if (watch.reason !== undefined && childPid !== undefined) await waitUntilGone(childPid);
      const aborted = watch.abortError();
      if (aborted !== undefined) return reject(aborted);
      const timedOut = watch.reason === "timeout";
      // No exit-code report means the command never ran to an end bwrap saw (a mount failed
      // during setup, or bwrap itself was killed): a sandbox failure, not a test result.
      const exitCode = status.exitCode;
      if (!timedOut && exitCode === undefined) {
        const how = code !== null ? `exit ${code}` : `signal ${killSignal}`;
        return reject(
          new SandboxError(SandboxErrorCode.RUN_FAILED, `bwrap failed (${how}): ${stderr.text().trim()}`),
        );
      }
      resolve(
        makeResult({
          exitCode: timedOut ? null : (exitCode ?? null),
          signal: timedOut ? (killSignal ?? "SIGKILL") : null,
          timedOut,
          stdout: stdout.text(),
          stderr: stderr.text(),
          durationMs,
        }),
      );
    });
  });
}
