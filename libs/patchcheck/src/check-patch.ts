import { GitError, type PatchFile, parsePatch } from "@tracegen/git";
import { pathProblem } from "./patch-paths.js";
import { modeProblem, scanRawPatch } from "./raw-scan.js";
import { type PatchRefusal, refuse } from "./refusal.js";

/** Limits for {@link checkPatch}. */
export interface CheckPatchOptions {
  /** Largest accepted patch in UTF-8 bytes. Default 1 MiB. */
  maxBytes?: number;
  /** Most files one patch may touch. Default 200. */
  maxFiles?: number;
}

/** An accepted patch and the repository-relative paths it touches (both sides of a rename). */
export interface PatchAccepted {
  ok: true;
  files: string[];
}

/** What {@link checkPatch} decides. */
export type PatchCheck = PatchAccepted | PatchRefusal;

/** Default {@link CheckPatchOptions.maxBytes}. */
export const DEFAULT_MAX_PATCH_BYTES = 1024 * 1024;
/** Default {@link CheckPatchOptions.maxFiles}. */
export const DEFAULT_MAX_PATCH_FILES = 200;

/**
 * Decides, from the text alone and before anything touches a disk, whether a candidate or
 * gold patch is safe to hand to `git apply` or `patch`. Refuses: an empty text or one with no
 * unified diff in it; anything over the size or file limits; absolute paths, `..` components
 * and paths into `.git/` (in the parsed files and in every raw header line, C-quoting
 * decoded); symlinks, submodules and unusual modes; binary patches; NUL bytes; and context or
 * ed-style sections that `parsePatch` skips but `patch` would apply.
 */
export function checkPatch(patch: string, options: CheckPatchOptions = {}): PatchCheck {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_PATCH_BYTES;
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_PATCH_FILES;
  if (patch.trim() === "") return refuse("EMPTY", "the patch is empty");
  const bytes = Buffer.byteLength(patch, "utf8");
  if (bytes > maxBytes)
    return refuse("TOO_LARGE", `the patch is ${bytes} bytes, over the limit of ${maxBytes}`);
  if (patch.includes("\0")) return refuse("BINARY", "the patch contains NUL bytes");
  const raw = scanRawPatch(patch);
  if (raw) return raw;
  let parsed: PatchFile[];
  try {
    parsed = parsePatch(patch);
  } catch (error) {
    if (error instanceof GitError) return refuse("NOT_A_DIFF", `not a usable diff: ${error.message}`);
    throw error;
  }
  if (parsed.length > maxFiles) {
    return refuse(
      "TOO_MANY_FILES",
      `the patch touches ${parsed.length} files, over the limit of ${maxFiles}`,
    );
  }
  const files = new Set<string>();
  for (const file of parsed) {
    const problem = fileProblem(file);
    if (problem) return problem;
    if (file.oldPath !== null) files.add(file.oldPath);
    if (file.newPath !== null) files.add(file.newPath);
  }
  return { ok: true, files: [...files] };
}

function fileProblem(file: PatchFile): PatchRefusal | null {
  const where = `file ${JSON.stringify(file.path)}`;
  for (const path of [file.oldPath, file.newPath]) {
    const problem = path === null ? null : pathProblem(path, where);
    if (problem) return problem;
  }
  for (const mode of [file.oldMode, file.newMode]) {
    const problem = mode === null ? null : modeProblem(mode, where);
    if (problem) return problem;
  }
  if (file.binary) return refuse("BINARY", `${where}: binary patch`);
  return null;
}
