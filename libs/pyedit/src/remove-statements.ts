import type { MutatorContext } from "./context.js";
import type { SyntaxNode } from "./parser.js";
import { statementsOf } from "./syntax.js";
import type { TextEdit } from "./types.js";

/**
 * Edits deleting statements. A statement on lines of its own goes with its lines (a trailing
 * comment too); one sharing a line with others goes with its `;`. A block left with no statement
 * gets `pass` in place of its first removed one, so it keeps its indentation.
 */
export function removeStatements(ctx: MutatorContext, statements: readonly SyntaxNode[]): TextEdit[] {
  const byBlock = new Map<number, SyntaxNode[]>();
  for (const statement of statements) {
    const block = statement.parent;
    if (block === null) continue;
    const group = byBlock.get(block.id) ?? [];
    group.push(statement);
    byBlock.set(block.id, group);
  }
  const edits: TextEdit[] = [];
  for (const group of byBlock.values()) {
    const block = group[0]!.parent!;
    const removed = new Set(group.map((statement) => statement.id));
    const emptied = statementsOf(block).every((statement) => removed.has(statement.id));
    const ordered = [...group].sort((a, b) => a.startIndex - b.startIndex);
    ordered.forEach((statement, i) => {
      if (emptied && i === 0)
        edits.push({ start: statement.startIndex, end: statement.endIndex, text: "pass" });
      else edits.push(deletion(ctx, statement));
    });
  }
  return mergeDeletions(edits).map((edit) => (edit.text === "" ? wholeRowsIfBare(ctx, edit) : edit));
}

/** A deletion that leaves only indentation on its line (`a(); b()` both removed) takes the line. */
function wholeRowsIfBare(ctx: MutatorContext, edit: TextEdit): TextEdit {
  if (ctx.source[edit.end - 1] === "\n") return edit;
  const startRow = ctx.text.rowOf(edit.start);
  const endRow = ctx.text.rowOf(edit.end);
  const lineEnd = ctx.text.nextRowStart(endRow);
  if (!ctx.text.startsRow(edit.start, startRow) || ctx.source.slice(edit.end, lineEnd).trim() !== "")
    return edit;
  return { start: ctx.text.rowStart(startRow), end: lineEnd, text: "" };
}

/** The range that deleting one statement (not the last of its block) removes. */
function deletion(ctx: MutatorContext, statement: SyntaxNode): TextEdit {
  const row = statement.startPosition.row;
  const endRow = statement.endPosition.row;
  const next = statement.nextSibling;
  const prev = statement.previousSibling;
  const afterSemicolon = next?.type === ";" ? next.nextSibling : null;
  const sharesEndRow =
    afterSemicolon !== null &&
    afterSemicolon.type !== "comment" &&
    afterSemicolon.startPosition.row === endRow;
  const followedOnRow =
    next !== null && next.type !== "comment" && next.type !== ";" && next.startPosition.row === endRow;
  if (ctx.text.startsRow(statement.startIndex, row) && !sharesEndRow && !followedOnRow) {
    // Between two blank lines, one of them goes too, so the gap left reads as one.
    const lastRow = ctx.text.isBlankRow(row - 1) && ctx.text.isBlankRow(endRow + 1) ? endRow + 1 : endRow;
    return { start: ctx.text.rowStart(row), end: ctx.text.nextRowStart(lastRow), text: "" };
  }
  if (next?.type === ";") {
    return {
      start: statement.startIndex,
      end: sharesEndRow ? afterSemicolon!.startIndex : next.endIndex,
      text: "",
    };
  }
  if (prev?.type === ";" && prev.previousSibling !== null) {
    return { start: prev.previousSibling.endIndex, end: statement.endIndex, text: "" };
  }
  return { start: statement.startIndex, end: statement.endIndex, text: "pass" };
}

/** Sorts edits and fuses overlapping deletions (statements sharing a line can claim the same `;`). */
function mergeDeletions(edits: TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const merged: TextEdit[] = [];
  for (const edit of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && edit.start < last.end && last.text === "" && edit.text === "") {
      last.end = Math.max(last.end, edit.end);
    } else {
      merged.push({ ...edit });
    }
  }
  return merged;
}
