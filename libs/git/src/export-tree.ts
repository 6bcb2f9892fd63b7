import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { GitError, GitErrorCode } from "./git-error.js";
import type { Mirror } from "./mirror.js";
import { gitMessage, runGit } from "./run-git.js";

/**
 * Writes the files of a commit (or tree) into `dir` — a plain directory, no `.git` — through a
 * temporary index, so the mirror's refs and HEAD are never touched.
 */
export async function exportTree(mirror: Mirror, treeish: string, dir: string): Promise<void> {
  const target = resolve(dir);
  await mkdir(target, { recursive: true });
  const scratch = await mkdtemp(join(tmpdir(), "tracegen-export-"));
  const env = { GIT_INDEX_FILE: join(scratch, "index") };
  try {
    const read = await runGit({ gitDir: mirror.path, args: ["read-tree", treeish], env });
    if (read.code !== 0) {
      throw new GitError(
        GitErrorCode.OBJECT_MISSING,
        `cannot read ${treeish} of ${mirror.repo}: ${gitMessage(read.stderr)}`,
      );
    }
    const checkout = await runGit({
      gitDir: mirror.path,
      args: [`--work-tree=${target}`, "checkout-index", "--all", "--force"],
      env,
      timeoutMs: 600_000,
    });
    if (checkout.code !== 0) {
      throw new GitError(
        GitErrorCode.GIT_FAILED,
        `cannot export ${treeish} of ${mirror.repo}: ${gitMessage(checkout.stderr)}`,
      );
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
