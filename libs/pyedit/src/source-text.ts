/** Line-level views of a source text; rows are 0-based and split on `\n`, as tree-sitter counts them. */
export class SourceText {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) this.starts.push(at + 1);
  }

  /** Offset where `row` starts (the text's length past the last row). */
  rowStart(row: number): number {
    return this.starts[row] ?? this.text.length;
  }

  /** The row holding `offset`. */
  rowOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Offset just past `row`'s line break (the text's length on the last row). */
  nextRowStart(row: number): number {
    return this.starts[row + 1] ?? this.text.length;
  }

  /** The whitespace that starts `row`. */
  indentOf(row: number): string {
    const start = this.rowStart(row);
    let end = start;
    while (end < this.text.length && (this.text[end] === " " || this.text[end] === "\t")) end++;
    return this.text.slice(start, end);
  }

  /** Whether `row` exists and holds only whitespace. */
  isBlankRow(row: number): boolean {
    if (row < 0 || row >= this.starts.length) return false;
    return /^[ \t\r]*$/.test(this.text.slice(this.rowStart(row), this.nextRowStart(row)).replace(/\n$/, ""));
  }

  /** Whether only spaces and tabs stand between the start of its row and `offset`. */
  startsRow(offset: number, row: number): boolean {
    return /^[ \t]*$/.test(this.text.slice(this.rowStart(row), offset));
  }
}
