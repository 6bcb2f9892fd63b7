import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PatchCheckError, PatchCheckErrorCode } from "./patchcheck-error.js";
import type { ToolRun } from "./run-tool.js";
import type { WorkGit } from "./work-git.js";

// Bookkeeping output (lists of paths) must be read whole.
const WHOLE = 256 * 1024 * 1024;

/** A git work tree's state (files, untracked ones too, and the index) that can be put back. */
export interface TreeSnapshot {
  /** Undoes every change since the snapshot; `paths` (the patch's files) are cleaned even if ignored. */
  restore(paths: readonly string[]): Promise<void>;
  /** Puts back only the index (an attempt like `--3way` stages what it applies). */
  restoreIndex(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * Records the work tree as it is, including uncommitted and untracked (not ignored) files, in
 * a temporary index (`git add -A` under `GIT_INDEX_FILE`), and keeps a copy of the real index.
 * Unlike `git checkout -- . && git clean -fdq`, restoring keeps changes made before the
 * snapshot, such as a test patch applied earlier. Refs and the real index's content are never
 * changed by taking it.
 */
export async function snapshotTree(git: WorkGit, workDir: string): Promise<TreeSnapshot> {
  const must = (what: string, run: ToolRun) => {
    if (run.code !== 0)
      throw new PatchCheckError(PatchCheckErrorCode.RESTORE_FAILED, `${what} failed: ${run.output}`);
    return run;
  };
  const indexPath = must("git rev-parse", await git(["rev-parse", "--git-path", "index"])).stdout.trim();
  const realIndex = resolve(workDir, indexPath);
  const saved = await readFile(realIndex).catch(() => null);
  const dir = await mkdtemp(join(tmpdir(), "tracegen-snapshot-"));
  const snapEnv = { env: { GIT_INDEX_FILE: join(dir, "index") } };
  try {
    // Starting from the real index lets git reuse its stat data instead of hashing every file.
    if (saved) await writeFile(join(dir, "index"), saved);
    must("git add -A", await git(["add", "-A"], snapEnv));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const restoreIndex = async () => {
    if (saved) await writeFile(realIndex, saved);
    else await rm(realIndex, { force: true });
  };
  return {
    restoreIndex,
    async restore(paths) {
      const list = await git(["diff-files", "--name-only", "-z"], { ...snapEnv, maxOutputBytes: WHOLE });
      const changed = must("git diff-files", list).stdout;
      if (list.truncated)
        throw new PatchCheckError(PatchCheckErrorCode.RESTORE_FAILED, "too many changed files");
      if (changed !== "") {
        must(
          "git checkout-index",
          await git(["checkout-index", "-f", "-z", "--stdin"], { ...snapEnv, stdin: changed }),
        );
      }
      must("git clean", await git(["clean", "-fdq"], snapEnv));
      if (paths.length > 0) {
        const literal = { env: { ...snapEnv.env, GIT_LITERAL_PATHSPECS: "1" } };
        must("git clean -x", await git(["clean", "-fdqx", "--", ...paths], literal));
      }
      await restoreIndex();
    },
    async dispose() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}
