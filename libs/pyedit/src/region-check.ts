import { applyEdits } from "./apply-edits.js";
import type { CheckResult } from "./check.js";
import { parsePython, type SyntaxNode } from "./parser.js";
import type { SourceText } from "./source-text.js";
import { statementsOf } from "./syntax.js";
import { treeFacts } from "./tree-facts.js";
import type { TextEdit } from "./types.js";

interface Region {
  start: number;
  end: number;
  /** Makes the region's text parse at its own indentation. */
  wrap: (text: string) => string;
}

/**
 * Checks mutations of one file by re-parsing only whole lines around the edits, which is much
 * cheaper than the whole file (tree-sitter needs ~10 ms per thousand lines) and keeps native
 * memory small. The region is the smallest statement holding the edits past its first token, or
 * else the run of a block's statements the edits touch plus one neighbour on each side (so a
 * deletion never leaves the region's block falsely empty). An indented region is parsed inside
 * `if 1:`. The rest of the file is the same text before and after, so the region decides both
 * validity and AST equality.
 */
export class RegionChecker {
  private readonly beforeHashes = new Map<string, string>();

  constructor(
    private readonly source: string,
    private readonly root: SyntaxNode,
    private readonly text: SourceText,
  ) {}

  check(edits: readonly TextEdit[]): CheckResult {
    const lo = Math.min(...edits.map((edit) => edit.start));
    const hi = Math.max(...edits.map((edit) => edit.end));
    const region = this.regionAround(lo, hi);
    const key = `${region.start}:${region.end}`;
    let beforeHash = this.beforeHashes.get(key);
    if (beforeHash === undefined) {
      beforeHash = treeFacts(parsePython(region.wrap(this.source.slice(region.start, region.end)))).hash;
      this.beforeHashes.set(key, beforeHash);
    }
    const shifted = edits.map((edit) => ({
      ...edit,
      start: edit.start - region.start,
      end: edit.end - region.start,
    }));
    const after = applyEdits(this.source.slice(region.start, region.end), shifted);
    const facts = treeFacts(parsePython(region.wrap(after)));
    if (facts.invalid) return "syntax_error";
    return facts.hash === beforeHash ? "ast_unchanged" : "ok";
  }

  private regionAround(lo: number, hi: number): Region {
    for (
      let at: SyntaxNode | null = this.root.descendantForIndex(lo, Math.max(lo, hi - 1));
      at;
      at = at.parent
    ) {
      const parentType = at.parent?.type;
      if ((parentType === "block" || parentType === "module") && lo > at.startIndex) {
        const region = this.rows(at, at, lo, hi);
        if (region !== null) return region;
      }
      if (at.type === "block" || at.type === "module") {
        const statements = statementsOf(at);
        const first = statements.findIndex((s) => this.text.nextRowStart(s.endPosition.row) > lo);
        const last = statements.findLastIndex((s) => this.text.rowStart(s.startPosition.row) < hi);
        if (first !== -1 && last !== -1) {
          const from = statements[Math.max(0, first - 1)]!;
          const to = statements[Math.min(statements.length - 1, last + 1)]!;
          const region = this.rows(from, to, lo, hi);
          if (region !== null) return region;
        }
      }
    }
    return { start: 0, end: this.source.length, wrap: (text) => text };
  }

  /** The whole lines from `first` to `last` when they hold `[lo, hi)` and `first` starts its line. */
  private rows(first: SyntaxNode, last: SyntaxNode, lo: number, hi: number): Region | null {
    const start = this.text.rowStart(first.startPosition.row);
    const end = this.text.nextRowStart(last.endPosition.row);
    if (start > lo || end < hi || !this.text.startsRow(first.startIndex, first.startPosition.row))
      return null;
    const indented = this.text.indentOf(first.startPosition.row) !== "";
    return { start, end, wrap: indented ? (text) => `if 1:\n${text}` : (text) => text };
  }
}
