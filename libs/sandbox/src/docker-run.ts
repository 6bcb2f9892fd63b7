import { lstat } from "node:fs/promises";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import type { Logger } from "@tracegen/log";
import type Docker from "dockerode";
import { CappedOutput } from "./capped-output.js";
import { collectFiles } from "./collect-files.js";
import { readContainerFile } from "./docker-archive.js";
import { errorText } from "./docker-client.js";
import { CHANGES_MOUNT, containerConfig } from "./docker-config.js";
import { createContainer, removeContainer, waitWithGrace } from "./docker-container.js";
import { copyRepo, type RepoCopy, saveTree } from "./repo-copy.js";
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

/**
 * One run: copy, create, attach, start, wait (or kill), inspect, collect, and always remove
 * both. With `imageTree` there is no host copy: the changed paths are copied into the
 * container's layer when it starts and the collected files come back through the daemon.
 */
export async function runInDocker(
  ctx: DockerRunContext,
  spec: RunSpec,
  signal?: AbortSignal,
): Promise<RunResult> {
  validateSpec(spec);
  const limits = resolveLimits(spec.limits);
  const image = spec.image ?? DEFAULT_IMAGE;
  if (signal?.aborted) throw new SandboxError(SandboxErrorCode.ABORTED, "run aborted before start");
  const inImage = spec.imageTree !== undefined;
  const copy: RepoCopy | undefined = inImage
    ? undefined
    : await copyRepo(spec.repoDir, { owner: ctx.copyOwner, tmpRoot: ctx.tmpRoot });
  let container: Docker.Container | undefined;
  try {
    const { present, deleted } = inImage
      ? await splitChanged(spec.repoDir, spec.imageTree?.changed ?? [])
      : { present: [], deleted: [] };
    const config = containerConfig({
      image,
      command:
        present.length + deleted.length > 0 ? withChanges(deleted, present, spec.command) : spec.command,
      env: sandboxEnv(spec),
      limits,
      copyDir: copy?.dir,
      changesDir: present.length > 0 ? spec.repoDir : undefined,
      user: ctx.user,
      label: ctx.label,
    });
    container = await createContainer(ctx.docker, config, image);
    const log = ctx.logger.child({ containerId: container.id.slice(0, 12) });
    log.debug({ command: spec.command, image }, "container created");
    const result = await execute(ctx, container, spec, limits, signal);
    result.files = copy
      ? await collectFiles(copy.dir, spec.collect ?? [], limits.collectBytes)
      : await collectFromContainer(container, spec.collect ?? [], limits.collectBytes);
    if (copy && spec.saveTreeTo !== undefined) await saveTree(copy.dir, spec.saveTreeTo);
    log.debug(
      { exitCode: result.exitCode, timedOut: result.timedOut, durationMs: result.durationMs },
      "run ended",
    );
    return result;
  } finally {
    if (container !== undefined) await removeContainer(container, ctx.logger);
    await copy?.remove();
  }
}

/** Changed paths that exist in `repoDir` (copied in) and those that do not (deleted). */
async function splitChanged(
  repoDir: string,
  changed: readonly string[],
): Promise<{ present: string[]; deleted: string[] }> {
  const present: string[] = [];
  const deleted: string[] = [];
  for (const path of [...new Set(changed)]) {
    const exists = await lstat(join(repoDir, path)).then(
      () => true,
      () => false,
    );
    (exists ? present : deleted).push(path);
  }
  return { present, deleted };
}

/**
 * The prologue of a run on an environment image: deletes the deleted paths, copies the changed
 * ones from the read-only CHANGES_MOUNT into /work (as the container's user, into its own
 * layer, modes and times kept), then execs the command. One shell and a `cp` per file: far
 * cheaper than the daemon's archive API, which starts a helper process per call.
 */
const APPLY_CHANGES = [
  "d=$1; c=$2; shift 2",
  'while [ "$d" -gt 0 ]; do rm -rf -- "/work/$1" || exit 126; shift; d=$((d - 1)); done',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
  'while [ "$c" -gt 0 ]; do case "$1" in */*) [ -d "/work/${1%/*}" ] || mkdir -p -- "/work/${1%/*}" || exit 126;; esac',
  `  cp -P --remove-destination --preserve=mode,timestamps -- "${CHANGES_MOUNT}/$1" "/work/$1" || exit 126; shift; c=$((c - 1)); done`,
  'exec "$@"',
].join("\n");

function withChanges(
  deleted: readonly string[],
  present: readonly string[],
  command: readonly string[],
): string[] {
  return [
    "/bin/sh",
    "-c",
    APPLY_CHANGES,
    "tracegen-changes",
    String(deleted.length),
    String(present.length),
    ...deleted,
    ...present,
    ...command,
  ];
}

async function collectFromContainer(
  container: Docker.Container,
  paths: readonly string[],
  maxBytes: number,
): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const path of paths) {
    const content = await readContainerFile(container, `/work/${path}`, maxBytes);
    if (content !== undefined) files.set(path, content);
  }
  return files;
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
