/** The mutators, named after the bug each one plants; the first 13 are SWE-smith's procedural families. */
export type MutatorName =
  | "remove_base_class"
  | "remove_method"
  | "shuffle_methods"
  | "invert_if_else"
  | "shuffle_statements"
  | "remove_assignment"
  | "remove_conditional"
  | "remove_loop"
  | "remove_wrapper"
  | "break_operator_chain"
  | "change_constant"
  | "change_operator"
  | "swap_operands"
  | "flip_comparison"
  | "off_by_one"
  | "negate_condition"
  | "drop_guard_clause"
  | "change_return_value"
  | "swallow_exception";

/** Every mutator, SWE-smith's families first. */
export const MUTATORS: readonly MutatorName[] = [
  "remove_base_class",
  "remove_method",
  "shuffle_methods",
  "invert_if_else",
  "shuffle_statements",
  "remove_assignment",
  "remove_conditional",
  "remove_loop",
  "remove_wrapper",
  "break_operator_chain",
  "change_constant",
  "change_operator",
  "swap_operands",
  "flip_comparison",
  "off_by_one",
  "negate_condition",
  "drop_guard_clause",
  "change_return_value",
  "swallow_exception",
];

/** The mutators that reproduce SWE-smith's procedural bug families. */
export const SWE_SMITH_MUTATORS: readonly MutatorName[] = MUTATORS.slice(0, 13);

/** Lines of a file that a mutation must stay inside: 1-based, inclusive (a unit's span). */
export interface UnitSpan {
  startLine: number;
  endLine: number;
}

/** Replace `source.slice(start, end)` by `text`; offsets are JS string (UTF-16) indexes. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** One planted bug: where, the edits that make it, and what changed. */
export interface Mutation {
  mutator: MutatorName;
  /** 1-based line of the edited site. */
  line: number;
  /** Non-overlapping edits of the file source. */
  edits: TextEdit[];
  /**
   * What changed, for provenance and for seed-pattern transplants: e.g. `{from: "<=", to: "<"}` for
   * operator edits, `{from: "3", to: "4"}` for constants, `{kind: "return"}` for guards,
   * `{name: "m"}` for remove_method. Always string values.
   */
  detail: Record<string, string>;
}
