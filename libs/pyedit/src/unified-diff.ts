import { formatPatch, structuredPatch } from "diff";

/**
 * A git-style unified diff of one file (`diff --git a/path b/path`, `---`/`+++` headers, 3 lines
 * of context, no timestamps) that `git apply` accepts; "" when the texts are equal.
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return "";
  const patch = structuredPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, {
    context: 3,
  });
  return formatPatch({ ...patch, isGit: true });
}
