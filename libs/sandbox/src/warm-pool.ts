import { lstat, readFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import type { Logger } from "@tracegen/log";
import { collectFiles } from "./collect-files.js";
import { makeWorkerDirs } from "./repo-copy.js";
import { makeResult } from "./run-result.js";
import { checkCollectPath, type ResolvedLimits, resolveLimits } from "./run-spec.js";
import { SandboxError, SandboxErrorCode } from "./sandbox-error.js";
import type { RunResult, WarmRunSpec, WarmWorkerSpec } from "./types.js";
import { cappedText, type LaunchWorker, WarmWorker } from "./warm-worker.js";

/** What a driver gives the pool besides how to launch a worker. */
export interface WarmPoolOptions {
  launch: LaunchWorker;
  logger: Logger;
  /** Owner of the worker's directories (the sandbox user, when this process is root). */
  owner: { uid: number; gid: number } | undefined;
  tmpRoot: string | undefined;
  /** The sandbox is a memory cgroup of its own (Docker), whose OOM kills the server can count. */
  reportsOom: boolean;
  /** rlimits the server applies to each child (bwrap: no cgroup), by the server's names. */
  childLimits(limits: ResolvedLimits): Record<string, number>;
  /** An idle worker is stopped after this long. Default 5 minutes. */
  idleMs?: number;
}

// How long the server may take to start (its imports) and, past a run's wall limit, to answer.
const START_MS = 60_000;
const ANSWER_GRACE_MS = 15_000;
// After a worker of a spec failed to start, its runs are refused (WORKER_LOST) this long.
const START_FAILURE_MS = 10 * 60_000;

interface Idle {
  worker: WarmWorker;
  timer: NodeJS.Timeout;
}

/**
 * Warm workers by worker spec: a run takes an idle worker of its spec or starts one, and gives
 * it back when the run ends with the worker healthy. One run at a time per worker; concurrent
 * runs get workers of their own.
 */
export class WarmPool {
  private readonly idle = new Map<string, Idle[]>();
  private readonly busy = new Set<WarmWorker>();
  private readonly failedStarts = new Map<string, number>();
  private closed = false;

  constructor(private readonly options: WarmPoolOptions) {}

  async run(
    spec: WarmRunSpec,
    signal: AbortSignal | undefined,
    closeSignal: AbortSignal,
  ): Promise<RunResult> {
    validateWarmSpec(spec);
    const limits = resolveLimits(spec.worker.limits);
    if (signal?.aborted) throw new SandboxError(SandboxErrorCode.ABORTED, "run aborted before start");
    const request = {
      code: spec.code,
      args: [...spec.args],
      timeout_ms: spec.timeoutMs,
      output_bytes: limits.outputBytes,
      max_passes: spec.maxPasses ?? 1,
      rlimits: this.options.childLimits(limits),
      ...(await readChanges(spec.repoDir, spec.changed)),
    };
    const key = workerKey(spec.worker);
    const worker = await this.take(key, spec.worker, limits);
    this.busy.add(worker);
    let stoppedBy: "aborted" | "closed" | undefined;
    const stop = (why: "aborted" | "closed") => () => {
      stoppedBy ??= why;
      void worker.stop();
    };
    const onAbort = stop("aborted");
    const onClose = stop("closed");
    signal?.addEventListener("abort", onAbort, { once: true });
    closeSignal.addEventListener("abort", onClose, { once: true });
    if (closeSignal.aborted) onClose();
    const started = performance.now();
    try {
      const answer = await worker.request(request, spec.timeoutMs + ANSWER_GRACE_MS);
      const durationMs = performance.now() - started;
      const timedOut = answer.timed_out === true;
      const files = await collectFiles(worker.dirs.work, spec.collect ?? [], limits.collectBytes);
      worker.prepareNext();
      return makeResult({
        exitCode: timedOut ? null : (answer.exit ?? null),
        signal: timedOut ? "SIGKILL" : null,
        timedOut,
        oomKilled: answer.oom === true,
        stdout: cappedText(answer.stdout),
        stderr: cappedText(answer.stderr),
        files,
        durationMs,
      });
    } catch (error) {
      if (stoppedBy === "aborted") throw new SandboxError(SandboxErrorCode.ABORTED, "run aborted");
      if (stoppedBy === "closed")
        throw new SandboxError(SandboxErrorCode.CLOSED, "sandbox closed during the run");
      if (error instanceof SandboxError && error.code === SandboxErrorCode.WORKER_LOST) {
        this.options.logger.warn({ err: error.message }, "warm worker lost during a run");
      }
      throw error;
    } finally {
      signal?.removeEventListener("abort", onAbort);
      closeSignal.removeEventListener("abort", onClose);
      this.busy.delete(worker);
      if (worker.usable && !this.closed) this.giveBack(key, worker);
      else await worker.stop();
    }
  }

  /** Stops every worker, idle or busy. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.busy];
    for (const list of this.idle.values()) {
      for (const { worker, timer } of list) {
        clearTimeout(timer);
        all.push(worker);
      }
    }
    this.idle.clear();
    await Promise.allSettled(all.map((worker) => worker.stop()));
  }

  private async take(key: string, spec: WarmWorkerSpec, limits: ResolvedLimits): Promise<WarmWorker> {
    const list = this.idle.get(key) ?? [];
    while (list.length > 0) {
      const entry = list.pop() as Idle;
      clearTimeout(entry.timer);
      if (entry.worker.usable) return entry.worker;
      await entry.worker.stop();
    }
    const failedAt = this.failedStarts.get(key);
    if (failedAt !== undefined && Date.now() - failedAt < START_FAILURE_MS) {
      throw new SandboxError(
        SandboxErrorCode.WORKER_LOST,
        "a warm worker of this spec failed to start lately",
      );
    }
    const dirs = await makeWorkerDirs(spec.baseDir, {
      owner: this.options.owner,
      tmpRoot: this.options.tmpRoot,
    });
    try {
      const worker = await WarmWorker.start(
        this.options.launch,
        spec,
        limits,
        dirs,
        START_MS,
        this.options.reportsOom,
      );
      this.failedStarts.delete(key);
      this.options.logger.debug({ baseDir: spec.baseDir }, "warm worker started");
      return worker;
    } catch (error) {
      await dirs.remove();
      // The server could not start here (no pytest for the interpreter, say): the one-shot way
      // reports that as it always has, so the caller is told to take it.
      this.failedStarts.set(key, Date.now());
      this.options.logger.warn({ err: String(error) }, "warm worker did not start");
      throw new SandboxError(
        SandboxErrorCode.WORKER_LOST,
        `the warm worker did not start: ${String(error)}`,
        {
          cause: error,
        },
      );
    }
  }

  private giveBack(key: string, worker: WarmWorker): void {
    const list = this.idle.get(key) ?? [];
    const entry: Idle = {
      worker,
      timer: setTimeout(
        () => {
          const index = list.indexOf(entry);
          if (index >= 0) list.splice(index, 1);
          void worker.stop();
        },
        this.options.idleMs ?? 5 * 60_000,
      ),
    };
    entry.timer.unref();
    list.push(entry);
    this.idle.set(key, list);
  }
}

function workerKey(spec: WarmWorkerSpec): string {
  return JSON.stringify([
    spec.baseDir,
    spec.image ?? null,
    spec.python,
    [...spec.preload],
    Object.entries(spec.env ?? {}).sort(),
    resolveLimits(spec.limits),
  ]);
}

function validateWarmSpec(spec: WarmRunSpec): void {
  const invalid = (message: string) => new SandboxError(SandboxErrorCode.INVALID_SPEC, message);
  for (const dir of [spec.repoDir, spec.worker.baseDir]) {
    if (!isAbsolute(dir)) throw invalid(`directories must be absolute: ${dir}`);
  }
  if (spec.worker.python === "" || spec.worker.python.includes("\0")) throw invalid("python is empty");
  if (!Number.isFinite(spec.timeoutMs) || spec.timeoutMs <= 0) throw invalid("timeoutMs must be positive");
  if ([spec.code, ...spec.args].some((arg) => arg.includes("\0")))
    throw invalid("code or args contain a NUL byte");
  for (const [name, value] of Object.entries(spec.worker.env ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw invalid(`bad environment variable name: ${name}`);
    if (value.includes("\0")) throw invalid(`environment variable ${name} contains a NUL byte`);
  }
  for (const path of [...(spec.collect ?? []), ...spec.changed]) checkCollectPath(path);
  resolveLimits(spec.worker.limits);
}

/** The changed files as the server takes them: regular files with their bytes, mode and time; the rest deleted. */
async function readChanges(
  repoDir: string,
  changed: readonly string[],
): Promise<{ changed: Record<string, unknown>[]; deleted: string[] }> {
  const files: Record<string, unknown>[] = [];
  const deleted: string[] = [];
  for (const path of [...new Set(changed)]) {
    const full = join(repoDir, path);
    const info = await lstat(full, { bigint: true }).catch(() => undefined);
    if (info === undefined) {
      deleted.push(path);
      continue;
    }
    if (!info.isFile()) {
      throw new SandboxError(SandboxErrorCode.INVALID_SPEC, `a warm run takes regular files only: ${path}`);
    }
    files.push({
      path,
      data: (await readFile(full)).toString("base64"),
      mode: Number(info.mode & 0o7777n),
      mtime_ns: Number(info.mtimeNs),
    });
  }
  return { changed: files, deleted };
}
