import type { MutatorContext } from "./context.js";

/**
 * The source text of `[start, end)` moved from indentation `from` to `to`: every line after the
 * first that begins with `from` gets `to` instead. Lines that begin inside a string literal keep
 * their text (it is data), and so do other lines not starting with `from` (continuation lines
 * inside brackets, whose indentation Python ignores).
 */
export function reindent(ctx: MutatorContext, start: number, end: number, from: string, to: string): string {
  const body = ctx.source.slice(start, end);
  if (from === to) return body;
  const stringRows = rowsInsideStrings(ctx, start, end);
  const lines = body.split("\n");
  let row = ctx.text.rowOf(start);
  for (let i = 1; i < lines.length; i++) {
    row++;
    const line = lines[i]!;
    if (!stringRows.has(row) && line.startsWith(from)) lines[i] = to + line.slice(from.length);
  }
  return lines.join("\n");
}

/** Rows that begin inside a multi-line string literal within `[start, end)`. */
function rowsInsideStrings(ctx: MutatorContext, start: number, end: number): Set<number> {
  const rows = new Set<number>();
  const from = { row: ctx.text.rowOf(start), column: 0 };
  const to = { row: ctx.text.rowOf(end) + 1, column: 0 };
  for (const literal of ctx.root.descendantsOfType("string", from, to)) {
    if (literal.endIndex <= start || literal.startIndex >= end) continue;
    for (let row = literal.startPosition.row + 1; row <= literal.endPosition.row; row++) rows.add(row);
  }
  return rows;
}
