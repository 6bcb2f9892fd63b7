import { GitError, GitErrorCode } from "./git-error.js";
import type { Mirror } from "./mirror.js";
import { assertObjectPrefix } from "./object-id.js";
import { gitMessage, runGit } from "./run-git.js";

/** Git file modes: regular, executable, symlink (blob holds the target) and submodule (gitlink). */
export type TreeMode = "100644" | "100755" | "120000" | "160000";

/** One file of a commit's tree. */
export interface TreeEntry {
  /** Path from the repository root, `/`-separated, decoded as UTF-8. */
  path: string;
  /** Blob id; for a submodule, the id of the submodule's commit. */
  sha: string;
  /** Size in bytes; 0 for a submodule. */
  size: number;
  mode: TreeMode;
}

/**
 * Files at a commit (or tree), recursively, in git's path order: path, blob sha, size and mode.
 * Throws COMMIT_MISSING when the commit is not in the mirror.
 */
export async function listTree(mirror: Mirror, commit: string): Promise<TreeEntry[]> {
  assertObjectPrefix(commit);
  const result = await runGit({
    gitDir: mirror.path,
    args: ["ls-tree", "-r", "-l", "-z", "--full-tree", commit],
    maxOutputBytes: 256 * 1024 * 1024,
  });
  if (result.code !== 0) {
    const code = /not a tree object|not a valid object/i.test(result.stderr)
      ? GitErrorCode.COMMIT_MISSING
      : GitErrorCode.GIT_FAILED;
    throw new GitError(code, `cannot list ${commit}: ${gitMessage(result.stderr)}`);
  }
  return parseLsTree(result.stdout);
}

/** Parses `git ls-tree -r -l -z` output: `<mode> <type> <sha> <size>\t<path>\0` records. */
function parseLsTree(output: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let start = 0;
  while (start < output.length) {
    let end = output.indexOf(0, start);
    if (end === -1) end = output.length;
    const record = output.subarray(start, end);
    start = end + 1;
    const tab = record.indexOf(9);
    const meta = record.subarray(0, tab).toString("latin1").split(/ +/);
    const [mode, , sha, size] = meta;
    if (tab === -1 || mode === undefined || sha === undefined || size === undefined) {
      throw new GitError(GitErrorCode.GIT_FAILED, `unexpected ls-tree record: ${record.toString("utf8")}`);
    }
    entries.push({
      path: record.subarray(tab + 1).toString("utf8"),
      sha,
      size: size === "-" ? 0 : Number(size),
      mode: mode as TreeMode,
    });
  }
  return entries;
}
