import { chmod, cp, lchown, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { processAlive } from "./process-state.js";
import { SandboxError, SandboxErrorCode } from "./sandbox-error.js";

/** A throwaway copy of a repository for one run. */
export interface RepoCopy {
  /** The copy itself, mounted as the sandbox's /work. */
  readonly dir: string;
  /** Deletes the copy and its private parent directory, whatever the run left in it. */
  remove(): Promise<void>;
}

/** Options of {@link copyRepo}. */
export interface CopyRepoOptions {
  /** Owner to give the copy (and its parent) so a non-root sandbox user can write it; needs root. */
  owner?: { uid: number; gid: number } | undefined;
  /** Where the private parent directory is made; defaults to the OS temp dir. */
  tmpRoot?: string | undefined;
}

/**
 * Copies `repoDir` into a fresh private directory: symlinks copied as links (never followed),
 * modes and times kept. The parent directory is mode 0700, so other host users cannot reach
 * the copy while it runs; its name carries this process's pid for {@link reapStaleCopies}.
 */
export async function copyRepo(repoDir: string, options: CopyRepoOptions = {}): Promise<RepoCopy> {
  const parent = await mkdtemp(join(options.tmpRoot ?? tmpdir(), `tracegen-run-${process.pid}-`));
  const dir = join(parent, "work");
  const remove = () => removeTree(parent);
  try {
    await cp(repoDir, dir, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    if (options.owner !== undefined) {
      const { uid, gid } = options.owner;
      for (const entry of await readdir(dir, { recursive: true })) await lchown(join(dir, entry), uid, gid);
      await lchown(dir, uid, gid);
      await lchown(parent, uid, gid);
    }
  } catch (error) {
    await remove();
    throw new SandboxError(SandboxErrorCode.RUN_FAILED, `cannot copy ${repoDir}: ${String(error)}`, {
      cause: error,
    });
  }
  return { dir, remove };
}

/** The host directories of a warm worker: its private copy of the base tree and the run's /work. */
export interface WorkerDirs {
  /** Mounted read-only; every run's /work is copied from it inside the sandbox. */
  readonly base: string;
  /** Mounted read-write at /work; emptied and refilled by the worker for each run. */
  readonly work: string;
  /** Deletes both and their private parent. */
  remove(): Promise<void>;
}

/**
 * A warm worker's directories, in a private parent named like {@link copyRepo}'s (so
 * {@link reapStaleCopies} and the Docker reaper find them): `base` a copy of `baseDir`, `work`
 * empty, both given to `owner`.
 */
export async function makeWorkerDirs(baseDir: string, options: CopyRepoOptions = {}): Promise<WorkerDirs> {
  const parent = await mkdtemp(join(options.tmpRoot ?? tmpdir(), `tracegen-run-${process.pid}-`));
  const base = join(parent, "base");
  const work = join(parent, "work");
  const remove = () => removeTree(parent);
  try {
    await cp(baseDir, base, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    await mkdir(work);
    if (options.owner !== undefined) {
      const { uid, gid } = options.owner;
      for (const entry of await readdir(base, { recursive: true })) await lchown(join(base, entry), uid, gid);
      for (const path of [base, work, parent]) await lchown(path, uid, gid);
    }
  } catch (error) {
    await remove();
    throw new SandboxError(SandboxErrorCode.RUN_FAILED, `cannot copy ${baseDir}: ${String(error)}`, {
      cause: error,
    });
  }
  return { base, work, remove };
}

/**
 * Copies a finished run's tree to `target` (which must not exist), symlinks as links and times
 * kept: how a preparation step's result (a profile's install commands) is kept.
 */
export async function saveTree(copyDir: string, target: string): Promise<void> {
  try {
    await cp(copyDir, target, {
      recursive: true,
      verbatimSymlinks: true,
      preserveTimestamps: true,
      errorOnExist: true,
      force: false,
    });
  } catch (error) {
    await rm(target, { recursive: true, force: true }).catch(() => {});
    throw new SandboxError(
      SandboxErrorCode.RUN_FAILED,
      `cannot save the run's tree to ${target}: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
}

/** Names of the private parent directories {@link copyRepo} makes; the number is the owner's pid. */
export const COPY_PARENT_PATTERN = /^tracegen-run-(\d+)-[A-Za-z0-9]{6}$/;

/**
 * Deletes copies left in `tmpRoot` by processes of this host that died mid-run (their pid,
 * in the directory name, is gone). Copies of live processes are left alone. Returns the paths removed.
 */
export async function reapStaleCopies(tmpRoot: string = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(tmpRoot).catch(() => [])) {
    const pid = Number(COPY_PARENT_PATTERN.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || processAlive(pid)) continue;
    await removeTree(join(tmpRoot, name)).catch(() => {});
    removed.push(join(tmpRoot, name));
  }
  return removed;
}

/** rm -rf that also gets through directories a test made unreadable (chmod 000). */
async function removeTree(path: string): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true, maxRetries: 2 });
  } catch {
    await makeWritable(path);
    await rm(path, { recursive: true, force: true, maxRetries: 2 });
  }
}

async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o700).catch(() => {});
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isDirectory()) await makeWritable(join(dir, entry.name));
  }
}
