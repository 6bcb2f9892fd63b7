import type { EditFact } from "@tracegen/edit-families";
import type { Mutation, MutatorName } from "@tracegen/pyedit";

/**
 * One way to re-create a seed's bug elsewhere: a mutator whose mutations undo the kind of
 * edit the fix made, and how well a given mutation matches it (0: not at all, 1: exactly).
 */
export interface InversePlan {
  family: string;
  mutator: MutatorName;
  score(mutation: Mutation): number;
}

const any = () => 1;

/**
 * The inverse of a fix's edit. A fix that turned `<` into `<=` is undone by turning a `<=`
 * into `<`; a fix that added a guard clause by dropping a guard clause of the same kind; a
 * changed constant, return value, exception handler or loop bound by the matching mutator.
 * Edits with no inverse mutator (a removed condition, a removed statement) give none.
 */
export function inversePlans(fact: EditFact): InversePlan[] {
  const d = fact.detail;
  const operator = (mutator: MutatorName): InversePlan => ({
    family: fact.family,
    mutator,
    // The fix went from → to; the bug goes to → from. Same starting operator is half a match.
    score: (m) => (m.detail.from === d.to ? (m.detail.to === d.from ? 1 : 0.5) : 0),
  });
  switch (fact.family) {
    case "comparison_operator":
      return [operator("flip_comparison"), operator("change_operator")];
    case "arithmetic_operator":
      return [
        operator("change_operator"),
        { family: fact.family, mutator: "swap_operands", score: () => 0.3 },
      ];
    case "constant":
      return [{ family: fact.family, mutator: "change_constant", score: any }];
    case "condition_added":
      return d.guard === "true"
        ? [
            {
              family: fact.family,
              mutator: "drop_guard_clause",
              score: (m) => (m.detail.kind === d.kind ? 1 : 0.6),
            },
          ]
        : [{ family: fact.family, mutator: "remove_conditional", score: any }];
    case "condition_changed":
      return [
        { family: fact.family, mutator: "negate_condition", score: any },
        { family: fact.family, mutator: "flip_comparison", score: () => 0.7 },
      ];
    case "statement_added":
      return [{ family: fact.family, mutator: "remove_assignment", score: any }];
    case "return_value":
      return [{ family: fact.family, mutator: "change_return_value", score: any }];
    case "exception_handling":
      return [{ family: fact.family, mutator: "swallow_exception", score: any }];
    case "loop_bound":
      return [{ family: fact.family, mutator: "off_by_one", score: any }];
    default:
      return [];
  }
}
