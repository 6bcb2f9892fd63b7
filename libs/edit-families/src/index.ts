/**
 * Edit families of a fix: which kind of AST edit (operator swapped, guard clause added,
 * argument changed ...) turns a unit's buggy code into the fixed code.
 */
export { classifyEdit } from "./classify-edit.js";
export {
  type ClassifyEditOptions,
  EDIT_FAMILY_NAMES,
  type EditClassification,
  type EditFact,
  type EditFamilyName,
} from "./types.js";
