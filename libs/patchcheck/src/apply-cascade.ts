import { realpath, stat } from "node:fs/promises";
import { type CheckPatchOptions, checkPatch } from "./check-patch.js";
import { PatchCheckError, PatchCheckErrorCode } from "./patchcheck-error.js";
import { runTool, type ToolRun } from "./run-tool.js";
import { snapshotTree, type TreeSnapshot } from "./tree-snapshot.js";
import { DEFAULT_SEARCH_PATH, isWorkTreeTop, type ToolLimits, toolEnv, workGit } from "./work-git.js";

/** How a patch got applied, in the order the cascade tries them. */
export type ApplyMethod = "git-apply" | "git-apply-3way" | "patch-fuzz";

/** The cascade's outcome; `log` holds each attempt's command, output and exit code. */
export type CascadeResult =
  | { applied: true; method: ApplyMethod; log: string }
  | { applied: false; log: string };

/** Options for {@link applyPatchCascade}. */
export interface ApplyCascadeOptions {
  /** Time limit of each command. Default 60 s. */
  timeoutMs?: number;
  /** Output kept per command for the log. Default 256 KiB. */
  maxOutputBytes?: number;
  /** Limits for the safety check run first. */
  check?: CheckPatchOptions;
  /** PATH for finding `git` and `patch`. Default: the standard system directories. */
  searchPath?: string;
}

const PATCH_ARGS = [
  "--batch",
  "--forward",
  "--fuzz=5",
  "-p1",
  "--no-backup-if-mismatch",
  "--reject-file=-",
  "--get=0",
];

/**
 * Applies a patch to a working directory with SWE-bench's cascade: `git apply --verbose`, then
 * `git apply --verbose --3way` (only in a git work tree), then `patch --batch --forward
 * --fuzz=5 -p1`. The patch is first checked with `checkPatch` (a refusal throws
 * PATCH_REFUSED). Between attempts the directory is put back as it was: in a git work tree
 * from a snapshot that keeps earlier uncommitted changes, in a plain directory by relying on
 * `git apply` being all-or-nothing and running `patch --dry-run` before `patch`. The index is
 * left as it was whichever method wins. Every command runs without a shell, with the patch
 * on stdin, a clean environment and bounded time and output.
 */
export async function applyPatchCascade(
  workDir: string,
  patch: string,
  options: ApplyCascadeOptions = {},
): Promise<CascadeResult> {
  const check = checkPatch(patch, options.check);
  if (!check.ok)
    throw new PatchCheckError(PatchCheckErrorCode.PATCH_REFUSED, `patch refused: ${check.reason}`);
  const dir = await realDirectory(workDir);
  const limits: ToolLimits = {
    searchPath: options.searchPath ?? DEFAULT_SEARCH_PATH,
    timeoutMs: options.timeoutMs ?? 60_000,
    maxOutputBytes: options.maxOutputBytes ?? 256 * 1024,
  };
  const git = workGit(dir, limits);
  const log: string[] = [];
  const attempt = async (title: string, run: Promise<ToolRun>) => {
    const result = await run;
    log.push(`$ ${title}\n${result.output.trimEnd()}\n(exit ${result.code ?? "killed"})`);
    return result.code === 0;
  };
  const done = (method: ApplyMethod): CascadeResult => ({ applied: true, method, log: log.join("\n") });

  // git apply writes nothing unless every hunk applies, so a failure needs no cleanup.
  if (await attempt("git apply --verbose", git(["apply", "--verbose", "-"], { stdin: patch })))
    return done("git-apply");
  const patchTool = (extra: string[]) =>
    runTool({
      command: "patch",
      args: [...PATCH_ARGS, ...extra],
      cwd: dir,
      env: toolEnv(dir, limits),
      stdin: patch,
      timeoutMs: limits.timeoutMs,
      maxOutputBytes: limits.maxOutputBytes,
    });
  const patchTitle = `patch ${PATCH_ARGS.join(" ")}`;

  if (!(await isWorkTreeTop(git, dir))) {
    log.push("(git apply --3way skipped: not a git work tree)");
    if (!(await attempt(`${patchTitle} --dry-run`, patchTool(["--dry-run"]))))
      return { applied: false, log: log.join("\n") };
    if (await attempt(patchTitle, patchTool([]))) return done("patch-fuzz");
    throw new PatchCheckError(
      PatchCheckErrorCode.RESTORE_FAILED,
      `patch failed after a clean dry run; ${dir} may be partly patched:\n${log.join("\n")}`,
    );
  }

  const snapshot: TreeSnapshot = await snapshotTree(git, dir);
  try {
    if (
      await attempt(
        "git apply --verbose --3way",
        git(["apply", "--verbose", "--3way", "-"], { stdin: patch }),
      )
    ) {
      await snapshot.restoreIndex();
      return done("git-apply-3way");
    }
    await snapshot.restore(check.files);
    if (await attempt(patchTitle, patchTool([]))) return done("patch-fuzz");
    await snapshot.restore(check.files);
    return { applied: false, log: log.join("\n") };
  } finally {
    await snapshot.dispose();
  }
}

async function realDirectory(workDir: string): Promise<string> {
  try {
    const dir = await realpath(workDir);
    if ((await stat(dir)).isDirectory()) return dir;
  } catch {
    // Reported below.
  }
  throw new PatchCheckError(PatchCheckErrorCode.WORKDIR_MISSING, `${workDir} is not a directory`);
}
