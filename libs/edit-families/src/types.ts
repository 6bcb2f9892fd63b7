/** A family of AST edits that real fixes make (the same names as the proto's EditFamily). */
export type EditFamilyName =
  | "comparison_operator"
  | "arithmetic_operator"
  | "constant"
  | "condition_added"
  | "condition_removed"
  | "condition_changed"
  | "call_argument_added"
  | "call_argument_removed"
  | "call_argument_changed"
  | "statement_added"
  | "statement_removed"
  | "return_value"
  | "exception_handling"
  | "loop_bound"
  | "unclassified";

/** Every family name, in the proto's order. */
export const EDIT_FAMILY_NAMES: readonly EditFamilyName[] = [
  "comparison_operator",
  "arithmetic_operator",
  "constant",
  "condition_added",
  "condition_removed",
  "condition_changed",
  "call_argument_added",
  "call_argument_removed",
  "call_argument_changed",
  "statement_added",
  "statement_removed",
  "return_value",
  "exception_handling",
  "loop_bound",
  "unclassified",
];

/** One classified difference between the code before and after a fix. */
export interface EditFact {
  family: EditFamilyName;
  /** Source text of the smallest differing node before / after the fix ("" when added / removed). */
  before: string;
  after: string;
  /** 1-based line within the BEFORE source (the after-side line when the node was added). */
  line: number;
  /**
   * Family-specific facts, all strings. `node`: the differing node's type (on every fact but `layout_only`). Operators:
   * `from`, `to`. Constants: `from`, `to`. Conditions: `test`, and for guard clauses
   * `guard: "true"` with `kind` ("return" | "raise" | "continue" | "break"). Call arguments:
   * `callee`. Loop bounds: `context` ("slice" | "subscript" | "range" | "for_iterable").
   * A statement wrapped into / unwrapped from a compound statement: `wrap: "true"`.
   * Unclassified: `reason` ("unmatched" | "rewrite" | "layout_only") and `parent`.
   */
  detail: Record<string, string>;
}

/** What {@link classifyEdit} found. */
export interface EditClassification {
  facts: EditFact[];
  /** Distinct families, in order of first appearance in `facts`. */
  families: EditFamilyName[];
  /** Some part of the diff fits no family (or the diff changes only layout, comments or docstrings). */
  unclassified: boolean;
  /** Unified diff of before → after, always filled. */
  rawDiff: string;
}

/** Options of {@link classifyEdit}. */
export interface ClassifyEditOptions {
  /**
   * 1-based start lines (decorators included) of definitions nested in the before / after
   * source that are code units of their own: they are compared by name only and never
   * descended into, so a class or module does not repeat what its methods changed.
   */
  opaqueDefinitions?: { before: readonly number[]; after: readonly number[] };
}
