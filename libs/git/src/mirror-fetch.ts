import { GitError, GitErrorCode } from "./git-error.js";
import { gitMessage, runGit } from "./run-git.js";

const FETCH_ATTEMPTS = 3;
// Concurrent fetches into one repository can collide on ref locks; such a failure is retried.
const LOCK_CONTENTION =
  /cannot lock ref|unable to create '.*\.lock'|\.lock': File exists|unable to update local ref/i;

/**
 * Fetches every ref of `source` into the bare mirror at `path`, forced and never pruned. A
 * failure caused by another fetch holding a ref lock is retried a few times.
 */
export async function fetchIntoMirror(
  path: string,
  source: string,
  options: { repo: string; timeoutMs?: number; signal?: AbortSignal },
): Promise<void> {
  let message = "";
  for (let attempt = 1; attempt <= FETCH_ATTEMPTS; attempt++) {
    const result = await runGit({
      gitDir: path,
      args: [
        "-c",
        "protocol.ext.allow=never",
        "fetch",
        "--quiet",
        "--force",
        "--no-write-fetch-head",
        "--no-auto-gc",
        "--",
        source,
        "+refs/*:refs/*",
      ],
      timeoutMs: options.timeoutMs ?? 600_000,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (result.code === 0) return;
    message = gitMessage(result.stderr);
    if (!LOCK_CONTENTION.test(message)) break;
    await new Promise((done) => setTimeout(done, 100 * attempt + Math.random() * 200));
  }
  throw new GitError(GitErrorCode.FETCH_FAILED, `cannot fetch ${options.repo} from ${source}: ${message}`);
}

/** Throws MIRROR_CORRUPT unless `path` is a bare repository (it may be anything a user left there). */
export async function assertBare(path: string): Promise<void> {
  const result = await runGit({
    gitDir: path,
    args: ["rev-parse", "--is-bare-repository"],
    timeoutMs: 30_000,
  });
  if (result.code !== 0 || result.stdout.toString().trim() !== "true") {
    throw new GitError(GitErrorCode.MIRROR_CORRUPT, `${path} exists but is not a bare git repository`);
  }
}
