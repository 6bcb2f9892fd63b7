import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { Logger } from "@tracegen/log";
import { silentLogger } from "@tracegen/log";
import { DEFAULT_READ_ONLY_PATHS, hostLayout } from "./bwrap-args.js";
import { type BwrapRunContext, runInBwrap } from "./bwrap-run.js";
import { bwrapChildLimits, launchBwrapWorker } from "./bwrap-warm.js";
import { managedSandbox } from "./managed-sandbox.js";
import { reapStaleCopies } from "./repo-copy.js";
import { SandboxError, SandboxErrorCode } from "./sandbox-error.js";
import type { Sandbox } from "./types.js";
import { WarmPool } from "./warm-pool.js";

/** Host uid/gid a root process runs bwrap as: no login, no files, no other processes. */
export const DEFAULT_BWRAP_USER = { uid: 59_999, gid: 59_999 };

/** Options of {@link createBwrapSandbox}. */
export interface BwrapSandboxOptions {
  logger?: Logger;
  /** The bwrap executable; default `bwrap` from the standard PATH. */
  bwrapPath?: string;
  /** When this process is root, bwrap runs as this unprivileged host user (a dedicated one). Default 59999:59999. */
  runAs?: { uid: number; gid: number };
  /** Host paths visible read-only inside, replacing {@link DEFAULT_READ_ONLY_PATHS}. */
  readOnlyPaths?: string[];
  /** Where repo copies are made; default the OS temp dir. */
  tmpRoot?: string;
}

/**
 * A sandbox that runs each command under bubblewrap on this host (see `bwrapArgs` for the
 * isolation). CPU is not limited (no cgroup); memory is RLIMIT_AS, so a hog gets a
 * MemoryError rather than an OOM kill. Creating it runs a probe and rejects with UNAVAILABLE
 * when bwrap is missing, user namespaces are not allowed, or (as root) `runAs` cannot reach
 * tmpRoot.
 */
export async function createBwrapSandbox(options: BwrapSandboxOptions = {}): Promise<Sandbox> {
  const logger = (options.logger ?? silentLogger()).child({ sandbox: "bwrap" });
  const asRoot = (process.getuid?.() ?? 0) === 0;
  const runAs = asRoot ? (options.runAs ?? DEFAULT_BWRAP_USER) : undefined;
  const layout = hostLayout(options.readOnlyPaths ?? DEFAULT_READ_ONLY_PATHS);
  const context = (closeSignal: AbortSignal): BwrapRunContext => ({
    bwrapPath: options.bwrapPath ?? "bwrap",
    logger,
    layout,
    runAs,
    tmpRoot: options.tmpRoot,
    closeSignal,
  });
  const warm = new WarmPool({
    launch: launchBwrapWorker(context(new AbortController().signal)),
    logger,
    owner: runAs,
    tmpRoot: options.tmpRoot,
    reportsOom: false,
    childLimits: bwrapChildLimits,
  });
  const sandbox = managedSandbox(
    "bwrap",
    (closeSignal) => {
      const ctx = context(closeSignal);
      return (spec, signal) => runInBwrap(ctx, spec, signal);
    },
    warm,
  );
  if (runAs !== undefined) await checkTraversable(options.tmpRoot ?? tmpdir(), runAs);
  // bwrap sandboxes die with their parent; only a crashed process's repo copies stay behind.
  await reapStaleCopies(options.tmpRoot);
  await probe(sandbox, options.tmpRoot);
  return sandbox;
}

/**
 * bwrap, started as `runAs`, opens the copy by path: every directory above it must let that
 * user through. Checked up front, so a private tmpRoot fails with a clear message.
 */
async function checkTraversable(dir: string, runAs: { uid: number; gid: number }): Promise<void> {
  for (let path = resolve(dir); ; path = dirname(path)) {
    const info = await stat(path).catch(() => undefined);
    const through =
      info !== undefined &&
      ((info.mode & 0o001) !== 0 ||
        (info.uid === runAs.uid && (info.mode & 0o100) !== 0) ||
        (info.gid === runAs.gid && (info.mode & 0o010) !== 0));
    if (!through) {
      throw new SandboxError(
        SandboxErrorCode.UNAVAILABLE,
        `bwrap runs as uid ${runAs.uid}, which cannot pass through ${path} on the way to tmpRoot ${dir} (needs o+x)`,
      );
    }
    if (path === dirname(path)) return;
  }
}

async function probe(sandbox: Sandbox, tmpRoot: string | undefined): Promise<void> {
  const empty = await mkdtemp(join(tmpRoot ?? tmpdir(), "tracegen-probe-"));
  try {
    const result = await sandbox.run({ repoDir: empty, command: ["true"], timeoutMs: 10_000 });
    if (result.exitCode !== 0) throw new Error(`\`true\` exited ${result.exitCode}: ${result.stderr}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SandboxError(SandboxErrorCode.UNAVAILABLE, `bwrap cannot run here: ${reason}`, {
      cause: error,
    });
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
}
