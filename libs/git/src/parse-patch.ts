import { GitError, GitErrorCode } from "./git-error.js";
import { type PatchHunk, readHunk } from "./patch-hunk.js";
import { gitHeaderPaths, markerPath, readPathToken } from "./patch-paths.js";

export type { PatchHunk } from "./patch-hunk.js";

/** What a patch does to one file. */
export type PatchFileStatus = "added" | "modified" | "deleted" | "renamed" | "copied";

/** One file of a parsed patch. Paths are repository-relative, without `a/` `b/` prefixes. */
export interface PatchFile {
  /** Path before the change; null for an added file. */
  oldPath: string | null;
  /** Path after the change; null for a deleted file. */
  newPath: string | null;
  /** `newPath`, or `oldPath` for a deleted file. */
  path: string;
  status: PatchFileStatus;
  /** True for `GIT binary patch` and `Binary files ... differ` entries (they have no hunks). */
  binary: boolean;
  oldMode: string | null;
  newMode: string | null;
  hunks: PatchHunk[];
}

const HEADER =
  /^(old mode|new mode|deleted file mode|new file mode|copy from|copy to|rename from|rename to|similarity index|dissimilarity index|index) (.*)$/;

/**
 * Parses a unified diff (git's format, or plain `--- / +++` sections) into files and hunks.
 * Text before the first file and after the last hunk (mail headers, signatures) is ignored.
 * Throws BAD_PATCH when no file is found or a hunk is malformed or truncated, which are the
 * cases where `git apply` reports a corrupt patch too.
 */
export function parsePatch(patch: string): PatchFile[] {
  const lines = patch.split("\n");
  const files: PatchFile[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = stripCr(lines[i] as string);
    if (line.startsWith("diff --git ")) {
      i = readGitFile(lines, i, files);
    } else if (
      line.startsWith("--- ") &&
      lines[i + 1]?.startsWith("+++ ") &&
      lines[i + 2]?.startsWith("@@ ")
    ) {
      const file = newFile(markerPath(line.slice(4)), markerPath(stripCr(lines[i + 1] as string).slice(4)));
      i = readHunks(lines, i + 2, file);
      files.push(finish(file, i));
    } else {
      i++;
    }
  }
  if (files.length === 0) throw new GitError(GitErrorCode.BAD_PATCH, "no file changes found: not a diff");
  return files;
}

function readGitFile(lines: string[], start: number, files: PatchFile[]): number {
  const header = gitHeaderPaths(stripCr(lines[start] as string).slice("diff --git ".length));
  const file = newFile(header?.oldPath ?? null, header?.newPath ?? null);
  let renamed = false;
  let copied = false;
  let i = start + 1;
  for (; i < lines.length; i++) {
    const match = HEADER.exec(stripCr(lines[i] as string));
    if (!match) break;
    const [, key = "", value = ""] = match;
    const path = () => readPathToken(value, false)?.path ?? value;
    if (key === "old mode" || key === "deleted file mode") file.oldMode = value;
    if (key === "new mode" || key === "new file mode") file.newMode = value;
    if (key === "deleted file mode") file.newPath = null;
    if (key === "new file mode") file.oldPath = null;
    if (key === "rename from" || key === "copy from") file.oldPath = path();
    if (key === "rename to" || key === "copy to") file.newPath = path();
    renamed ||= key.startsWith("rename");
    copied ||= key.startsWith("copy");
    if (key === "index") {
      const mode = value.split(" ")[1];
      if (mode) {
        file.oldMode ??= mode;
        file.newMode ??= mode;
      }
    }
  }
  const line = stripCr(lines[i] ?? "");
  if (line.startsWith("GIT binary patch") || (line.startsWith("Binary files ") && line.endsWith(" differ"))) {
    file.binary = true;
    i++;
    // Skip the literal/delta payload up to the next file.
    while (i < lines.length && !(lines[i] as string).startsWith("diff --git ")) i++;
  } else if (line.startsWith("--- ")) {
    const plus = stripCr(lines[i + 1] ?? "");
    if (!plus.startsWith("+++ ")) throw bad(i + 2, "'---' line without '+++'");
    if (!renamed && !copied) {
      file.oldPath = markerPath(line.slice(4));
      file.newPath = markerPath(plus.slice(4));
    }
    i = readHunks(lines, i + 2, file);
  }
  if (renamed) file.status = "renamed";
  if (copied) file.status = "copied";
  files.push(finish(file, start));
  return i;
}

function readHunks(lines: string[], start: number, file: PatchFile): number {
  let i = start;
  while (i < lines.length && (lines[i] as string).startsWith("@@")) {
    const read = readHunk(lines, i);
    if ("error" in read) throw bad(read.line + 1, read.error);
    file.hunks.push(read.hunk);
    i = read.next;
  }
  return i;
}

function newFile(oldPath: string | null, newPath: string | null): PatchFile {
  return {
    oldPath,
    newPath,
    path: "",
    status: "modified",
    binary: false,
    oldMode: null,
    newMode: null,
    hunks: [],
  };
}

function finish(file: PatchFile, line: number): PatchFile {
  const path = file.newPath ?? file.oldPath;
  if (path === null) throw bad(line + 1, "file header names no path");
  file.path = path;
  if (file.status === "modified") {
    if (file.oldPath === null) file.status = "added";
    else if (file.newPath === null) file.status = "deleted";
  }
  return file;
}

function stripCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}

function bad(lineNumber: number, why: string): GitError {
  return new GitError(GitErrorCode.BAD_PATCH, `corrupt patch at line ${lineNumber}: ${why}`);
}
