import { GitError, GitErrorCode } from "./git-error.js";
import type { Mirror } from "./mirror.js";
import { assertObjectPrefix } from "./object-id.js";
import { gitMessage, runGit } from "./run-git.js";

/**
 * Resolves a commit (full SHA or unambiguous prefix of at least 4 hex digits) to its full SHA,
 * or null when no such commit is in the mirror (including a well-formed SHA that is missing,
 * or one naming a blob or tree). Throws INVALID_ARGUMENT for anything but hex, so refs and
 * option-like strings never reach git, and INVALID_ARGUMENT for a prefix shared by commits.
 */
export async function resolveCommit(mirror: Mirror, rev: string): Promise<string | null> {
  assertObjectPrefix(rev);
  const result = await runGit({
    gitDir: mirror.path,
    args: ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`],
    timeoutMs: 30_000,
  });
  if (result.code === 0) return result.stdout.toString().trim();
  if (/ambiguous/i.test(result.stderr)) {
    throw new GitError(
      GitErrorCode.INVALID_ARGUMENT,
      `ambiguous commit prefix ${rev}: ${gitMessage(result.stderr)}`,
    );
  }
  // With --verify --quiet, exit 1 means "no such commit"; anything else is a real failure.
  if (result.code !== 1) {
    throw new GitError(GitErrorCode.GIT_FAILED, `cannot resolve ${rev}: ${gitMessage(result.stderr)}`);
  }
  return null;
}
