import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { bwrapArgs } from "./bwrap-args.js";
import type { BwrapRunContext } from "./bwrap-run.js";
import { BwrapStatus } from "./bwrap-status.js";
import { CappedOutput } from "./capped-output.js";
import { waitUntilGone } from "./process-state.js";
import { type ResolvedLimits, sandboxEnv } from "./run-spec.js";
import { SandboxError, SandboxErrorCode } from "./sandbox-error.js";
import { type LaunchWorker, WARM_BASE_MOUNT } from "./warm-worker.js";

const STATUS_FD = 3;

/**
 * A warm worker in one bwrap: the same namespaces, mounts and uid as a run's, the worker's base
 * read-only at WARM_BASE_MOUNT and its /work read-write, the server on piped stdin/stdout, in
 * its own process group (killed as a group; --die-with-parent takes the namespace down with
 * it). No prlimit around the server: it applies the run's rlimits to each child
 * ({@link bwrapChildLimits}).
 */
export function launchBwrapWorker(ctx: BwrapRunContext): LaunchWorker {
  return async ({ spec, limits, dirs, command }) => {
    const args = bwrapArgs({
      layout: ctx.layout,
      copyDir: dirs.work,
      limits,
      command,
      statusFd: STATUS_FD,
      readOnlyBinds: [{ source: dirs.base, dest: WARM_BASE_MOUNT }],
      prlimit: false,
    });
    const child = spawn(ctx.bwrapPath, args, {
      cwd: "/",
      env: sandboxEnv({ repoDir: dirs.work, command, timeoutMs: 1, ...(spec.env ? { env: spec.env } : {}) }),
      stdio: ["pipe", "pipe", "pipe", "pipe"],
      detached: true,
      ...(ctx.runAs ?? {}),
    });
    const errors = new CappedOutput(64 * 1024);
    child.stderr?.pipe(errors);
    const status = new BwrapStatus();
    (child.stdio[STATUS_FD] as Readable | null)
      ?.setEncoding("utf8")
      .on("data", (chunk: string) => status.push(chunk));
    const gone = new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.once("error", () => resolve());
    });
    const started = await new Promise<Error | undefined>((resolve) => {
      child.once("spawn", () => resolve(undefined));
      child.once("error", (error) => resolve(error));
    });
    if (started !== undefined || child.stdin === null || child.stdout === null) {
      throw new SandboxError(
        SandboxErrorCode.UNAVAILABLE,
        `cannot start ${ctx.bwrapPath}: ${String(started)}`,
        {
          cause: started,
        },
      );
    }
    child.stdin.on("error", () => {});
    let killed: Promise<void> | undefined;
    return {
      input: child.stdin,
      output: child.stdout,
      errors,
      gone,
      kill: () =>
        (killed ??= (async () => {
          if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
            try {
              process.kill(-child.pid, "SIGKILL");
            } catch {}
          }
          await gone;
          // The namespace's init dies by --die-with-parent a moment later, with everything in it.
          const init = status.childPid;
          if (init !== undefined) await waitUntilGone(init);
          for (const stream of [child.stdout, child.stderr, child.stdio[STATUS_FD] as Readable | null]) {
            stream?.destroy();
          }
        })()),
    };
  };
}

/** The rlimits a bwrap worker's server gives each child: what prlimit gives a run's command. */
export function bwrapChildLimits(limits: ResolvedLimits): Record<string, number> {
  return {
    nproc: Math.floor(limits.pids),
    as: Math.floor(limits.memoryMb * 1024 * 1024),
    fsize: Math.floor(limits.fileMb * 1024 * 1024),
    core: 0,
  };
}
