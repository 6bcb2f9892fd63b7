export { applyEdits } from "./apply-edits.js";
export { type CheckResult, checkMutated, normalizedAstHash } from "./check.js";
export { listMutations, mutateUnit } from "./list-mutations.js";
export { PyEditError, type PyEditErrorCode } from "./pyedit-error.js";
export {
  MUTATORS,
  type Mutation,
  type MutatorName,
  SWE_SMITH_MUTATORS,
  type TextEdit,
  type UnitSpan,
} from "./types.js";
export { unifiedDiff } from "./unified-diff.js";
