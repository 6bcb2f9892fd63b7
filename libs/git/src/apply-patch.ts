import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GitError, GitErrorCode } from "./git-error.js";
import type { Mirror } from "./mirror.js";
import { assertObjectPrefix } from "./object-id.js";
import { gitMessage, runGit } from "./run-git.js";

/** Options for {@link applyPatchToTree}. */
export interface ApplyPatchOptions {
  /** Where the temporary index lives. Default: the OS temp directory. */
  tempDir?: string;
  timeoutMs?: number;
}

/**
 * Applies a patch to the tree of `treeish` without a work tree and returns the resulting tree
 * id. `treeish` is a commit or a tree, so a second patch can be applied on top of the first's
 * result: `applyPatchToTree(m, (await applyPatchToTree(m, base, testPatch)).tree, patch)`.
 *
 * Uses a temporary index (`GIT_INDEX_FILE`): `read-tree`, `git apply --cached`, `write-tree`.
 * This works in a bare mirror; it writes new blobs and trees into the mirror's object store
 * (unreferenced, so `git gc` eventually drops them) and never touches refs. Throws
 * PATCH_DOES_NOT_APPLY with git's message when the patch does not apply, BAD_PATCH when git
 * finds no patch in the text, COMMIT_MISSING when `treeish` is not in the mirror.
 */
export async function applyPatchToTree(
  mirror: Mirror,
  treeish: string,
  patch: string,
  options: ApplyPatchOptions = {},
): Promise<{ tree: string }> {
  assertObjectPrefix(treeish);
  const dir = await mkdtemp(join(options.tempDir ?? tmpdir(), "tracegen-index-"));
  const git = (args: string[], stdin?: string) =>
    runGit({
      gitDir: mirror.path,
      args,
      env: { GIT_INDEX_FILE: join(dir, "index") },
      timeoutMs: options.timeoutMs ?? 60_000,
      ...(stdin === undefined ? {} : { stdin }),
    });
  try {
    const read = await git(["read-tree", treeish]);
    if (read.code !== 0) {
      throw new GitError(
        GitErrorCode.COMMIT_MISSING,
        `cannot read tree ${treeish}: ${gitMessage(read.stderr)}`,
      );
    }
    const applied = await git(["apply", "--cached", "--whitespace=nowarn", "-"], patch);
    if (applied.code !== 0) {
      const message = gitMessage(applied.stderr);
      const code = /No valid patches in input|corrupt patch|patch fragment without header|garbage/i.test(
        message,
      )
        ? GitErrorCode.BAD_PATCH
        : GitErrorCode.PATCH_DOES_NOT_APPLY;
      throw new GitError(code, `patch does not apply to ${treeish}: ${message}`);
    }
    const written = await git(["write-tree"]);
    if (written.code !== 0) {
      throw new GitError(GitErrorCode.GIT_FAILED, `git write-tree failed: ${gitMessage(written.stderr)}`);
    }
    return { tree: written.stdout.toString().trim() };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
