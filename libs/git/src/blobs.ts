import { GitError, GitErrorCode } from "./git-error.js";
import type { Mirror } from "./mirror.js";
import { assertFullObjectId } from "./object-id.js";
import { gitMessage, runGit } from "./run-git.js";

/** Options for {@link readBlobs}. */
export interface ReadBlobsOptions {
  /** Cap on the total bytes read (contents plus headers). Default 512 MiB. */
  maxBytes?: number;
  timeoutMs?: number;
}

/**
 * Reads many blobs in one `git cat-file --batch` process and returns their bytes keyed by
 * (lower-case) id. Throws OBJECT_MISSING for an id not in the mirror and INVALID_ARGUMENT for
 * an id that is not a full SHA or names something other than a blob.
 */
export async function readBlobs(
  mirror: Mirror,
  shas: string[],
  options: ReadBlobsOptions = {},
): Promise<Map<string, Buffer>> {
  const ids = [...new Set(shas.map((sha) => sha.toLowerCase()))];
  for (const id of ids) assertFullObjectId(id);
  const blobs = new Map<string, Buffer>();
  if (ids.length === 0) return blobs;
  const result = await runGit({
    gitDir: mirror.path,
    args: ["cat-file", "--batch"],
    stdin: `${ids.join("\n")}\n`,
    maxOutputBytes: options.maxBytes ?? 512 * 1024 * 1024,
    timeoutMs: options.timeoutMs ?? 120_000,
  });
  if (result.code !== 0) {
    throw new GitError(GitErrorCode.GIT_FAILED, `git cat-file failed: ${gitMessage(result.stderr)}`);
  }
  const out = result.stdout;
  let at = 0;
  for (const id of ids) {
    const newline = out.indexOf(10, at);
    if (newline === -1) throw truncated(id);
    const header = out.subarray(at, newline).toString("latin1");
    const [name, type, size] = header.split(" ");
    if (type === "missing") {
      throw new GitError(GitErrorCode.OBJECT_MISSING, `blob ${id} is not in ${mirror.repo}`);
    }
    if (name !== id || size === undefined) throw truncated(id);
    if (type !== "blob") {
      throw new GitError(GitErrorCode.INVALID_ARGUMENT, `${id} is a ${type}, not a blob`);
    }
    const start = newline + 1;
    const end = start + Number(size);
    if (end + 1 > out.length) throw truncated(id);
    blobs.set(id, Buffer.from(out.subarray(start, end)));
    at = end + 1; // contents are followed by a newline
  }
  return blobs;
}

function truncated(id: string): GitError {
  return new GitError(GitErrorCode.GIT_FAILED, `unexpected git cat-file output at ${id}`);
}
