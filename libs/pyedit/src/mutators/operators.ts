import { type MutatorContext, replaceNode } from "../context.js";
import type { SyntaxNode } from "../parser.js";
import { pickIndex } from "../prng.js";
import {
  ATOMIC,
  COMPARISON,
  namedChildren,
  operatorText,
  precedence,
  textAtLeast,
  UNARY,
  unparenthesize,
} from "../syntax.js";
import type { Mutation, TextEdit } from "../types.js";

interface ChainBreak {
  edit: TextEdit;
  dropped: string;
}

/** `a + b + c` → `a + c` or `a + b` (also `and`/`or` chains): one operand goes with its operator. */
export function breakOperatorChain(ctx: MutatorContext): Mutation[] {
  const mutations: Mutation[] = [];
  for (const node of ctx.nodes("binary_operator", "boolean_operator")) {
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    const operator = operatorText(node.childForFieldName("operator"));
    if (left === null || right === null) continue;
    const options: ChainBreak[] = [];
    const innerLeft = unparenthesize(left);
    if (innerLeft.type === node.type) {
      const kept = innerLeft.childForFieldName("left");
      const dropped = innerLeft.childForFieldName("right");
      if (kept !== null && dropped !== null) {
        const innerOperator = operatorText(innerLeft.childForFieldName("operator"));
        options.push({
          edit: substitute(left, innerLeft, kept),
          dropped: `${innerOperator} ${dropped.text}`,
        });
      }
      options.push({
        edit: { start: left.endIndex, end: node.endIndex, text: "" },
        dropped: `${operator} ${right.text}`,
      });
    }
    const innerRight = unparenthesize(right);
    if (innerRight.type === node.type) {
      const dropped = innerRight.childForFieldName("left");
      const kept = innerRight.childForFieldName("right");
      if (kept !== null && dropped !== null) {
        const innerOperator = operatorText(innerRight.childForFieldName("operator"));
        options.push({
          edit: substitute(right, innerRight, kept),
          dropped: `${dropped.text} ${innerOperator}`,
        });
      }
      options.push({
        edit: { start: node.startIndex, end: right.startIndex, text: "" },
        dropped: `${left.text} ${operator}`,
      });
    }
    if (options.length === 0) continue;
    const chosen = options[pickIndex(ctx.random(node), options.length)]!;
    mutations.push(ctx.mutation(node, [chosen.edit], { operator, dropped: chosen.dropped }));
  }
  return mutations;
}

/**
 * Puts `kept` where `inner` was. `inner` binds at least as tightly as its surroundings need unless
 * it sat in parentheses; those go too only when `kept` is atomic.
 */
function substitute(outer: SyntaxNode, inner: SyntaxNode, kept: SyntaxNode): TextEdit {
  const target = outer !== inner && precedence(kept) >= ATOMIC ? outer : inner;
  return replaceNode(target, kept.text);
}

const OPERATOR_SWAPS: Record<string, string> = {
  "+": "-",
  "-": "+",
  "*": "/",
  "/": "*",
  "//": "%",
  "%": "//",
  and: "or",
  or: "and",
  "&": "|",
  "|": "&",
  "<<": ">>",
  ">>": "<<",
};

/** Swaps an operator within its family: `+`/`-`, `*`/`/`, `//`/`%`, `and`/`or`, `&`/`|`, `<<`/`>>` (also in `+=` etc.). */
export function changeOperator(ctx: MutatorContext): Mutation[] {
  const mutations: Mutation[] = [];
  for (const node of ctx.nodes("binary_operator", "boolean_operator", "augmented_assignment")) {
    const token = node.childForFieldName("operator");
    if (token === null) continue;
    const augmented = node.type === "augmented_assignment";
    const from = operatorText(token);
    const swapped = OPERATOR_SWAPS[augmented ? from.slice(0, -1) : from];
    if (swapped === undefined) continue;
    const to = augmented ? `${swapped}=` : swapped;
    mutations.push(ctx.mutation(token, [replaceNode(token, to)], { from, to }));
  }
  return mutations;
}

const NON_COMMUTATIVE_BINARY = new Set(["-", "/", "//", "%", "**", "<<", ">>", "@"]);
const NON_COMMUTATIVE_COMPARISON = new Set(["<", "<=", ">", ">=", "in", "not in"]);

/** `a - b` → `b - a`, `a < b` → `b < a` (operators where order matters; parentheses added where needed). */
export function swapOperands(ctx: MutatorContext): Mutation[] {
  const mutations: Mutation[] = [];
  for (const node of ctx.nodes("binary_operator", "comparison_operator")) {
    const swap = node.type === "binary_operator" ? binarySwap(node) : comparisonSwap(node);
    if (swap === null || swap.left.text === swap.right.text) continue;
    const edits = [replaceNode(swap.left, swap.newLeft), replaceNode(swap.right, swap.newRight)];
    mutations.push(
      ctx.mutation(node, edits, { operator: swap.operator, left: swap.left.text, right: swap.right.text }),
    );
  }
  return mutations;
}

interface OperandSwap {
  operator: string;
  left: SyntaxNode;
  right: SyntaxNode;
  newLeft: string;
  newRight: string;
}

function binarySwap(node: SyntaxNode): OperandSwap | null {
  const left = node.childForFieldName("left");
  const right = node.childForFieldName("right");
  const operator = operatorText(node.childForFieldName("operator"));
  if (!NON_COMMUTATIVE_BINARY.has(operator) || left === null || right === null) return null;
  const level = precedence(node);
  // `**` binds right to left and takes a unary operand on its right only.
  const power = operator === "**";
  return {
    operator,
    left,
    right,
    newLeft: textAtLeast(right, power ? level + 1 : level),
    newRight: textAtLeast(left, power ? UNARY : level + 1),
  };
}

function comparisonSwap(node: SyntaxNode): OperandSwap | null {
  const operands = namedChildren(node);
  const operators = node.childrenForFieldName("operators");
  const operator = operatorText(operators[0] ?? null);
  const [left, right] = operands;
  if (operands.length !== 2 || operators.length !== 1 || !NON_COMMUTATIVE_COMPARISON.has(operator))
    return null;
  if (left === undefined || right === undefined) return null;
  return {
    operator,
    left,
    right,
    newLeft: textAtLeast(right, COMPARISON + 1),
    newRight: textAtLeast(left, COMPARISON + 1),
  };
}

const COMPARISON_FLIPS: Record<string, string> = {
  "<": "<=",
  "<=": "<",
  ">": ">=",
  ">=": ">",
  "==": "!=",
  "!=": "==",
  is: "is not",
  "is not": "is",
  in: "not in",
  "not in": "in",
};

/** `<` ↔ `<=`, `>` ↔ `>=`, `==` ↔ `!=`, `is` ↔ `is not`, `in` ↔ `not in`; one mutation per operator of a chain. */
export function flipComparison(ctx: MutatorContext): Mutation[] {
  const mutations: Mutation[] = [];
  for (const node of ctx.nodes("comparison_operator")) {
    for (const token of node.childrenForFieldName("operators")) {
      const from = operatorText(token);
      const to = COMPARISON_FLIPS[from];
      if (to !== undefined) mutations.push(ctx.mutation(token, [replaceNode(token, to)], { from, to }));
    }
  }
  return mutations;
}
