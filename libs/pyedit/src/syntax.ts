import type { SyntaxNode } from "./parser.js";

/** A node's named children without comments. */
export function namedChildren(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((child) => child.type !== "comment");
}

/** The statements of a block (or module), comments left out. */
export const statementsOf = namedChildren;

/** Whether `node` is a function's, class's or module's docstring. */
export function isDocstring(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (parent === null || node.type !== "expression_statement") return false;
  const first = statementsOf(parent)[0];
  if (first?.id !== node.id) return false;
  const body = parent.type === "module" ? parent : parent.parent;
  if (body !== parent && !["function_definition", "class_definition"].includes(body?.type ?? ""))
    return false;
  const value = namedChildren(node);
  return value.length === 1 && ["string", "concatenated_string"].includes(value[0]!.type);
}

/** The function or class defined by a definition, seeing through decorators. */
export function definitionOf(node: SyntaxNode): SyntaxNode {
  return node.type === "decorated_definition" ? (node.childForFieldName("definition") ?? node) : node;
}

/** The text of an operator token (`is not` with its inner whitespace collapsed). */
export function operatorText(node: SyntaxNode | null): string {
  return node === null ? "" : node.text.replace(/\s+/g, " ");
}

/** The expression inside any number of parentheses. */
export function unparenthesize(node: SyntaxNode): SyntaxNode {
  let inner = node;
  while (inner.type === "parenthesized_expression") {
    const content = namedChildren(inner);
    if (content.length !== 1) break;
    inner = content[0]!;
  }
  return inner;
}

const BINARY_PRECEDENCE: Record<string, number> = {
  "|": 6,
  "^": 7,
  "&": 8,
  "<<": 9,
  ">>": 9,
  "+": 10,
  "-": 10,
  "*": 11,
  "/": 11,
  "//": 11,
  "%": 11,
  "@": 11,
  "**": 13,
};

/** The precedence of the operator at the top of an expression; 15 means atomic (needs no parentheses anywhere). */
export const ATOMIC = 15;
export const ADDITIVE = 10;
export const COMPARISON = 5;
export const UNARY = 12;

/** How tightly an expression binds, after Python's operator precedence table; lower binds looser. */
export function precedence(node: SyntaxNode): number {
  switch (node.type) {
    case "named_expression":
    case "expression_list":
    case "yield":
    case "list_splat":
    case "dictionary_splat":
    case "keyword_argument":
      return -1;
    case "lambda":
      return 0;
    case "conditional_expression":
      return 1;
    case "boolean_operator":
      return operatorText(node.childForFieldName("operator")) === "or" ? 2 : 3;
    case "not_operator":
      return 4;
    case "comparison_operator":
      return COMPARISON;
    case "binary_operator":
      return BINARY_PRECEDENCE[operatorText(node.childForFieldName("operator"))] ?? 6;
    case "unary_operator":
      return UNARY;
    case "await":
      return 14;
    default:
      return ATOMIC;
  }
}

/** `node`'s text, parenthesized when its precedence is below `minimum`. */
export function textAtLeast(node: SyntaxNode, minimum: number): string {
  return precedence(node) < minimum ? `(${node.text})` : node.text;
}

/** Whether `node` lies inside a type annotation (parameter, return or variable type). */
export function inTypeAnnotation(node: SyntaxNode): boolean {
  for (let at = node.parent; at !== null; at = at.parent) {
    if (at.type === "type") return true;
    if (at.type.endsWith("_statement") || at.type === "block") return false;
  }
  return false;
}
