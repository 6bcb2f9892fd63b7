/** Start offsets of the lines of a text, for slicing whole lines out of it cheaply. */
export interface LineIndex {
  readonly text: string;
  /** `starts[r]` is the string index where 0-based row `r` begins. */
  readonly starts: number[];
  /** Lines in the text; a final line break does not start another line. */
  readonly lineCount: number;
}

/**
 * Indexes the lines of `text`. Rows are split on `\n` only, as tree-sitter counts them, so a
 * `\r\n` file keeps its `\r` at the end of each line.
 */
export function indexLines(text: string): LineIndex {
  const starts = [0];
  let at = text.indexOf("\n");
  while (at !== -1) {
    starts.push(at + 1);
    at = text.indexOf("\n", at + 1);
  }
  const endsWithBreak = text.length === 0 || text.endsWith("\n");
  const lineCount = endsWithBreak ? starts.length - 1 : starts.length;
  return { text, starts, lineCount };
}

/** Rows `startRow..endRow` (0-based, inclusive) verbatim, each with its line break. */
export function sliceRows(index: LineIndex, startRow: number, endRow: number): string {
  const from = index.starts[startRow] ?? index.text.length;
  const to = index.starts[endRow + 1] ?? index.text.length;
  return index.text.slice(from, to);
}
