import type { TextEdit } from "@tracegen/pyedit";

/** 1-based old-side lines an edit list replaces (a pure insertion counts its line). */
export function editedLines(source: string, edits: readonly TextEdit[]): number[] {
  const lines = new Set<number>();
  for (const edit of edits) {
    const first = lineAt(source, edit.start);
    const last = lineAt(source, Math.max(edit.start, edit.end - 1));
    for (let line = first; line <= last; line++) lines.add(line);
  }
  return [...lines].sort((a, b) => a - b);
}

function lineAt(source: string, offset: number): number {
  let line = 1;
  for (let i = source.indexOf("\n"); i !== -1 && i < offset; i = source.indexOf("\n", i + 1)) line++;
  return line;
}
