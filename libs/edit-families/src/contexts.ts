import type { SyntaxNode } from "./syntax-tree.js";
import { textOf } from "./syntax-tree.js";
import type { EditFamilyName } from "./types.js";

/** A step up from a differing node: the ancestor and the child of it the path came through. */
export interface Step {
  node: SyntaxNode;
  child: SyntaxNode;
}

/** The ancestors of a node up to (not including) its statement list: its expression context. */
export function ancestorsInStatement(node: SyntaxNode): Step[] {
  const steps: Step[] = [];
  let child = node;
  let parent = node.parent;
  while (parent && parent.type !== "block" && parent.type !== "module") {
    steps.push({ node: parent, child });
    child = parent;
    parent = parent.parent;
  }
  return steps;
}

/** The name a call is made through: `foo`, `self.bar`, `calendar.monthrange`. */
export function calleeOf(argumentList: SyntaxNode): string {
  const call = argumentList.parent;
  const fn = call?.children.find((c) => c.field === "function");
  return fn ? textOf(fn) : "";
}

const NUMERIC_INDEX = new Set(["integer", "unary_operator", "binary_operator"]);

/**
 * Where a change bounds iteration or a slice: a slice bound, a numeric subscript index, an
 * argument of `range()`, or the iterable of a `for`.
 */
export function loopBoundContext(steps: Step[], changed: SyntaxNode[]): string | undefined {
  for (const { node, child } of steps) {
    if (node.type === "slice") return "slice";
    if (node.type === "subscript" && child.field === "subscript") {
      if (changed.some((c) => NUMERIC_INDEX.has(c.type))) return "subscript";
    }
    if (node.type === "argument_list" && calleeOf(node) === "range") return "range";
    if ((node.type === "for_statement" || node.type === "for_in_clause") && child.field === "right") {
      return "for_iterable";
    }
  }
  return undefined;
}

/** The nearest enclosing context that names a family for a change below it. */
export interface FamilyContext {
  family: EditFamilyName;
  /** The context node (argument list, condition holder, return, raise ...). */
  node: SyntaxNode;
  /** For conditions: the condition expression. */
  condition?: SyntaxNode;
}

const CONDITION_HOLDERS = new Set(["if_statement", "elif_clause", "while_statement"]);
const EXCEPTION_CONTEXTS = new Set(["raise_statement", "except_clause", "except_group_clause"]);

/** The nearest context among call arguments, conditions, return values and exception handling. */
export function nearestContext(steps: Step[]): FamilyContext | undefined {
  for (const { node, child } of steps) {
    if (node.type === "argument_list") return { family: "call_argument_changed", node };
    if (CONDITION_HOLDERS.has(node.type) && child.field === "condition") {
      return { family: "condition_changed", node, condition: child };
    }
    if (node.type === "if_clause" || node.type === "assert_statement") {
      return { family: "condition_changed", node, condition: child };
    }
    if (node.type === "conditional_expression" && node.children.filter((c) => c.named)[1] === child) {
      return { family: "condition_changed", node, condition: child };
    }
    if (node.type === "return_statement") return { family: "return_value", node };
    if (EXCEPTION_CONTEXTS.has(node.type)) return { family: "exception_handling", node };
  }
  return undefined;
}

const LITERALS = new Set(["integer", "float", "string", "concatenated_string", "true", "false", "none"]);

/** A literal value: numbers, strings, booleans, None, and a negated number. */
export function isLiteral(node: SyntaxNode): boolean {
  if (LITERALS.has(node.type)) return true;
  if (node.type !== "unary_operator") return false;
  const operand = node.children.find((c) => c.field === "argument");
  return operand !== undefined && (operand.type === "integer" || operand.type === "float");
}
