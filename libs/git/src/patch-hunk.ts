/** One `@@` hunk of a file in a patch. */
export interface PatchHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** The text after the closing `@@` (git's function context), without the leading space. */
  section: string;
  /** Old-side line numbers of removed (`-`) lines. */
  removedLines: number[];
  /** New-side line numbers of added (`+`) lines. */
  addedLines: number[];
  /**
   * Old-side lines the hunk changes, ascending: every removed line, plus, for a run of added
   * lines with no removed line next to it (a pure insertion), the old line it follows, or
   * line 1 when it is inserted at the top. Empty for a hunk that creates a file.
   */
  changedOldLines: number[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;

type HunkRead = { hunk: PatchHunk; next: number } | { error: string; line: number };

/**
 * Reads the hunk whose header is `lines[start]`, consuming exactly as many body lines as the
 * header's counts say. An empty line counts as an empty context line (editors strip the
 * trailing space), except the empty string after the patch's final newline.
 */
export function readHunk(lines: string[], start: number): HunkRead {
  const header = HUNK_HEADER.exec((lines[start] as string).replace(/\r$/, ""));
  if (!header) return { error: `bad hunk header ${JSON.stringify(lines[start])}`, line: start };
  const count = (value: string | undefined) => (value === undefined ? 1 : Number(value));
  const hunk: PatchHunk = {
    oldStart: Number(header[1]),
    oldLines: count(header[2]),
    newStart: Number(header[3]),
    newLines: count(header[4]),
    section: header[5] ?? "",
    removedLines: [],
    addedLines: [],
    changedOldLines: [],
  };
  // git numbers an empty side from the line before it (e.g. "-0,0"): start counting after it.
  let oldLine = hunk.oldLines === 0 ? hunk.oldStart + 1 : hunk.oldStart;
  let newLine = hunk.newLines === 0 ? hunk.newStart + 1 : hunk.newStart;
  let oldLeft = hunk.oldLines;
  let newLeft = hunk.newLines;
  const changed = new Set<number>();
  let blockRemoved = false;
  let blockInsertAt: number | null = null;
  const endBlock = () => {
    const createsFile = hunk.oldStart === 0 && hunk.oldLines === 0;
    if (!blockRemoved && blockInsertAt !== null && !createsFile) changed.add(Math.max(1, blockInsertAt));
    blockRemoved = false;
    blockInsertAt = null;
  };
  let i = start + 1;
  while (oldLeft > 0 || newLeft > 0) {
    const raw = lines[i];
    if (raw === undefined || (raw === "" && i === lines.length - 1)) {
      return { error: `hunk ends early (${oldLeft} old and ${newLeft} new lines missing)`, line: i };
    }
    const kind = raw === "" ? " " : raw[0];
    if (kind === " ") {
      endBlock();
      oldLine++;
      newLine++;
      oldLeft--;
      newLeft--;
    } else if (kind === "-") {
      hunk.removedLines.push(oldLine);
      changed.add(oldLine);
      blockRemoved = true;
      oldLine++;
      oldLeft--;
    } else if (kind === "+") {
      hunk.addedLines.push(newLine);
      blockInsertAt ??= oldLine - 1;
      newLine++;
      newLeft--;
    } else if (kind !== "\\") {
      return { error: `unexpected line in hunk: ${JSON.stringify(raw.slice(0, 80))}`, line: i };
    }
    if (oldLeft < 0 || newLeft < 0) return { error: "hunk is longer than its header says", line: i };
    i++;
  }
  endBlock();
  // "\ No newline at end of file" may follow the last line.
  if (lines[i]?.startsWith("\\")) i++;
  hunk.changedOldLines = [...changed].sort((a, b) => a - b);
  return { hunk, next: i };
}
