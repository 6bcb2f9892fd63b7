import { parsePatch } from "@tracegen/git";

/** A unit's line span in the clean snapshot. */
export interface UnitSpan {
  kind: string;
  startLine: number;
  endLine: number;
}

/** What a candidate changes in one file, as test selection needs it. */
export interface FileChange {
  path: string;
  /** Lines of the clean file that the patch removes or inserts next to. */
  changedOldLines: number[];
  /**
   * A changed line outside every function and method body: it runs at import time (imports,
   * constants, decorators, class attributes), so every test that loads the module is affected.
   */
  moduleLevel: boolean;
}

/**
 * Reads a candidate patch into per-file changes. `spansOf(path)` gives the clean file's units;
 * a file the snapshot does not have (a new file) is module-level.
 */
export function analyseChanges(patch: string, spansOf: (path: string) => readonly UnitSpan[]): FileChange[] {
  const changes: FileChange[] = [];
  for (const file of parsePatch(patch)) {
    const path = file.oldPath ?? file.newPath ?? file.path;
    const lines = [...new Set(file.hunks.flatMap((h) => h.changedOldLines))].sort((a, b) => a - b);
    const bodies = spansOf(path).filter((s) => s.kind === "function" || s.kind === "method");
    const insideBody = (line: number) => bodies.some((s) => line > s.startLine && line <= s.endLine);
    const moduleLevel =
      file.status !== "modified" || lines.length === 0 || lines.some((line) => !insideBody(line));
    changes.push({ path, changedOldLines: lines, moduleLevel });
  }
  return changes;
}
