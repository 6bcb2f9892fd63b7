import { mkdir, mkdtemp, readdir, rename, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { GitError, GitErrorCode } from "./git-error.js";
import { assertBare, fetchIntoMirror } from "./mirror-fetch.js";
import { gitMessage, runGit } from "./run-git.js";

/** A bare mirror of one repository. */
export interface Mirror {
  /** `owner/name`. */
  repo: string;
  /** Absolute path of the bare repository. */
  path: string;
}

/** Options for {@link ensureMirror}. */
export interface EnsureMirrorOptions {
  /** `owner/name`: letters, digits, `.`, `-`, `_` (not leading `-`); the owner has no `__`. */
  repo: string;
  /** A git URL, a local repository path or a `.bundle` file. */
  source: string;
  /** Directory holding all mirrors; created when missing. */
  mirrorsDir: string;
  /** Limit for one clone or fetch. Default 10 minutes. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Leftover temporary clones older than this are deleted. Default 24 hours. */
  staleTempMs?: number;
}

const PART = /^[A-Za-z0-9._][A-Za-z0-9._-]*$/;
const TEMP_PREFIX = ".tmp-";

const inflight = new Map<string, Promise<Mirror>>();

/** The mirror's directory name, `<owner>__<name>.git`; throws INVALID_ARGUMENT for a bad name. */
export function mirrorDirName(repo: string): string {
  const [owner, name, ...rest] = repo.split("/");
  const valid = (part: string | undefined): part is string =>
    part !== undefined && PART.test(part) && part !== "." && part !== "..";
  if (!valid(owner) || !valid(name) || rest.length > 0 || owner.includes("__")) {
    throw new GitError(
      GitErrorCode.INVALID_ARGUMENT,
      `not an owner/name repository: ${JSON.stringify(repo)}`,
    );
  }
  return `${owner}__${name}.git`;
}

/**
 * Clones `source` (git URL, local repo path, or .bundle file) as a bare mirror at
 * `<mirrorsDir>/<owner>__<name>.git`, or fetches all refs into an existing one (never pruning,
 * so commits named by seeds stay reachable).
 *
 * A clone goes to a temporary sibling directory that is renamed into place only when complete,
 * so a crash mid-clone never leaves a partial mirror at the final path, and of two processes
 * cloning at once the first rename wins and the other discards its copy. Calls in one process
 * for the same repository share one operation; concurrent fetches retry on git's ref locks.
 */
export function ensureMirror(given: EnsureMirrorOptions): Promise<Mirror> {
  // git runs with the mirrors directory as its cwd, so a relative one would nest.
  const options = { ...given, mirrorsDir: resolve(given.mirrorsDir) };
  const dirName = mirrorDirName(options.repo);
  const path = resolve(options.mirrorsDir, dirName);
  const running = inflight.get(path);
  if (running) return running;
  const work = syncMirror(options, dirName, path).finally(() => inflight.delete(path));
  inflight.set(path, work);
  return work;
}

async function syncMirror(options: EnsureMirrorOptions, dirName: string, path: string): Promise<Mirror> {
  const mirror: Mirror = { repo: options.repo, path };
  const source = await localOrUrl(options.source);
  await mkdir(options.mirrorsDir, { recursive: true });
  await removeStaleTemps(options.mirrorsDir, dirName, options.staleTempMs ?? 24 * 3600_000);
  if (await exists(path)) {
    await assertBare(path);
    await fetchIntoMirror(path, source, options);
    return mirror;
  }
  const temp = await mkdtemp(join(options.mirrorsDir, `${TEMP_PREFIX}${dirName}-`));
  try {
    const result = await runGit({
      cwd: options.mirrorsDir,
      args: ["-c", "protocol.ext.allow=never", "clone", "--mirror", "--quiet", "--", source, temp],
      timeoutMs: options.timeoutMs ?? 600_000,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (result.code !== 0) {
      throw new GitError(
        GitErrorCode.CLONE_FAILED,
        `cannot clone ${options.repo} from ${source}: ${gitMessage(result.stderr)}`,
      );
    }
    try {
      await rename(temp, path);
    } catch (error) {
      // Another process renamed its complete clone into place first: use that one.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
      await rm(temp, { recursive: true, force: true });
    }
    return mirror;
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

/** Local paths (including bundles) become absolute, since git runs elsewhere; URLs pass through. */
async function localOrUrl(source: string): Promise<string> {
  if (source === "" || source.startsWith("-")) {
    throw new GitError(GitErrorCode.INVALID_ARGUMENT, `not a repository source: ${JSON.stringify(source)}`);
  }
  return (await exists(source)) ? resolve(source) : source;
}

async function removeStaleTemps(mirrorsDir: string, dirName: string, maxAgeMs: number): Promise<void> {
  const prefix = `${TEMP_PREFIX}${dirName}-`;
  for (const entry of await readdir(mirrorsDir)) {
    if (!entry.startsWith(prefix)) continue;
    const full = join(mirrorsDir, entry);
    const info = await stat(full).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > maxAgeMs) await rm(full, { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
