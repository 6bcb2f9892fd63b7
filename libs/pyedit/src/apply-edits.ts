import { PyEditError } from "./pyedit-error.js";
import type { TextEdit } from "./types.js";

/** Applies non-overlapping edits (in any order) to `source`; throws PyEditError BAD_EDIT otherwise. */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = "";
  let at = 0;
  for (const edit of sorted) {
    if (!(Number.isInteger(edit.start) && Number.isInteger(edit.end)) || edit.start > edit.end) {
      throw new PyEditError("BAD_EDIT", `edit [${edit.start}, ${edit.end}) is not a range`);
    }
    if (edit.start < at || edit.end > source.length) {
      throw new PyEditError(
        "BAD_EDIT",
        `edit [${edit.start}, ${edit.end}) overlaps another edit or leaves the source (length ${source.length})`,
      );
    }
    out += source.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + source.slice(at);
}
