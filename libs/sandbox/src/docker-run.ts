import { finished } from "node:stream/promises";
import type { Logger } from "@tracegen/log";
import type Docker from "dockerode";
import { CappedOutput } from "./capped-output.js";
import { collectFiles } from "./collect-files.js";
import { errorText } from "./docker-client.js";
import { containerConfig } from "./docker-config.js";
import { createContainer, removeContainer, waitWithGrace } from "./docker-container.js";
import { copyRepo } from "./repo-copy.js";
import { atMost, makeResult } from "./run-result.js";
import { DEFAULT_IMAGE, type ResolvedLimits, resolveLimits, sandboxEnv, validateSpec } from "./run-spec.js";
import { watchRun } from "./run-watch.js";
import { SandboxError, SandboxErrorCode } from "./sandbox-error.js";
import type { RunResult, RunSpec } from "./types.js";

/** What every Docker run of one sandbox shares. */
export interface DockerRunContext {
  docker: Docker;
  logger: Logger;
  label: string;
  /** "uid:gid" inside the container. */
  user: string;
  /** Owner given to the repo copy so that user can write it (when this process is root). */
  copyOwner: { uid: number; gid: number } | undefined;
  tmpRoot: string | undefined;
  closeSignal: AbortSignal;
}

// How long to wait for the daemon after a kill before giving up on it.
const DAEMON_GRACE_MS = 30_000;

/** One run: copy, create, attach, start, wait (or kill), inspect, collect, and always remove both. */
export async function runInDocker(
  ctx: DockerRunContext,
  spec: RunSpec,
  signal?: AbortSignal,
): Promise<RunResult> {
  validateSpec(spec);
  const limits = resolveLimits(spec.limits);
  const image = spec.image ?? DEFAULT_IMAGE;
  if (signal?.aborted) throw new SandboxError(SandboxErrorCode.ABORTED, "run aborted before start");
  const copy = await copyRepo(spec.repoDir, { owner: ctx.copyOwner, tmpRoot: ctx.tmpRoot });
  let container: Docker.Container | undefined;
  try {
    const config = containerConfig({
      image,
      command: spec.command,
      env: sandboxEnv(spec),
      limits,
      copyDir: copy.dir,
      user: ctx.user,
      label: ctx.label,
    });
    container = await createContainer(ctx.docker, config, image);
    const log = ctx.logger.child({ containerId: container.id.slice(0, 12) });
    log.debug({ command: spec.command, image }, "container created");
    const result = await execute(ctx, container, spec, limits, signal);
    result.files = await collectFiles(copy.dir, spec.collect ?? [], limits.collectBytes);
    log.debug(
      { exitCode: result.exitCode, timedOut: result.timedOut, durationMs: result.durationMs },
      "run ended",
    );
    return result;
  } finally {
    if (container !== undefined) await removeContainer(container, ctx.logger);
    await copy.remove();
  }
}

async function execute(
  ctx: DockerRunContext,
  container: Docker.Container,
  spec: RunSpec,
  limits: ResolvedLimits,
  signal: AbortSignal | undefined,
): Promise<RunResult> {
  const stdout = new CappedOutput(limits.outputBytes);
  const stderr = new CappedOutput(limits.outputBytes);
  // Attached before start, so no early output is lost.
  const stream = await container.attach({ stream: true, stdout: true, stderr: true });
  ctx.docker.modem.demuxStream(stream, stdout, stderr);
  const streamDone = finished(stream).catch(() => {});
  const kill = () => void container.kill({ signal: "SIGKILL" }).catch(() => {});
  const watch = watchRun(spec.timeoutMs, signal, ctx.closeSignal, kill);
  const started = performance.now();
  try {
    try {
      await container.start();
    } catch (error) {
      const message = errorText(error);
      // A missing executable is the command's failure, reported like a shell would.
      if (/exec: "[^"]*": .*(executable file not found|no such file or directory)/.test(message)) {
        return makeResult({ exitCode: 127, stderr: message, durationMs: performance.now() - started });
      }
      throw new SandboxError(SandboxErrorCode.RUN_FAILED, `cannot start container: ${message}`, {
        cause: error,
      });
    }
    if (watch.reason !== undefined) kill(); // the kill raced the start
    const status = await waitWithGrace(container, spec.timeoutMs + DAEMON_GRACE_MS);
    const durationMs = performance.now() - started;
    await atMost(streamDone, 5000);
    (stream as unknown as { destroy?: () => void }).destroy?.();
    const aborted = watch.abortError();
    if (aborted !== undefined) throw aborted;
    const state = (await container.inspect()).State;
    const timedOut = watch.reason === "timeout";
    return makeResult({
      exitCode: timedOut ? null : status,
      signal: timedOut ? "SIGKILL" : null,
      timedOut,
      oomKilled: state.OOMKilled === true,
      stdout: stdout.text(),
      stderr: stderr.text(),
      durationMs,
    });
  } finally {
    watch.dispose();
  }
}
