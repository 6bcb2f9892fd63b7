import type { MutatorContext } from "../context.js";
import type { Mutation, MutatorName } from "../types.js";
import { removeBaseClass, removeMethod, shuffleMethods } from "./classes.js";
import { changeConstant, changeReturnValue, offByOne } from "./constants.js";
import { dropGuardClause, invertIfElse, negateCondition, shuffleStatements } from "./control-flow.js";
import { swallowException } from "./exceptions.js";
import { breakOperatorChain, changeOperator, flipComparison, swapOperands } from "./operators.js";
import { removeAssignment, removeConditional, removeLoop, removeWrapper } from "./removals.js";

/** Finds the candidate mutations of one kind; they are checked afterwards. */
export type MutatorFn = (ctx: MutatorContext) => Mutation[];

export const MUTATOR_FNS: Record<MutatorName, MutatorFn> = {
  remove_base_class: removeBaseClass,
  remove_method: removeMethod,
  shuffle_methods: shuffleMethods,
  invert_if_else: invertIfElse,
  shuffle_statements: shuffleStatements,
  remove_assignment: removeAssignment,
  remove_conditional: removeConditional,
  remove_loop: removeLoop,
  remove_wrapper: removeWrapper,
  break_operator_chain: breakOperatorChain,
  change_constant: changeConstant,
  change_operator: changeOperator,
  swap_operands: swapOperands,
  flip_comparison: flipComparison,
  off_by_one: offByOne,
  negate_condition: negateCondition,
  drop_guard_clause: dropGuardClause,
  change_return_value: changeReturnValue,
  swallow_exception: swallowException,
};
