import { type MutatorContext, replaceNode } from "../context.js";
import { readInteger, writeInteger } from "../integer-literal.js";
import type { SyntaxNode } from "../parser.js";
import { ADDITIVE, inTypeAnnotation, namedChildren, operatorText, textAtLeast } from "../syntax.js";
import type { Mutation } from "../types.js";

/** An integer literal `n` → `n+1` or `n-1` (seeded); `0` → `1`. */
export function changeConstant(ctx: MutatorContext): Mutation[] {
  const mutations: Mutation[] = [];
  for (const node of ctx.nodes("integer")) {
    const literal = readInteger(node.text);
    if (literal === null) continue;
    const delta = literal.value === 0n || ctx.random(node)() < 0.5 ? 1n : -1n;
    const to = writeInteger(literal.value + delta, literal);
    mutations.push(ctx.mutation(node, [replaceNode(node, to)], { from: node.text, to }));
  }
  return mutations;
}

/**
 * Moves a bound by one (seeded +1 or -1): a `range(...)` start or stop, a slice start or stop,
 * or a subscript index.
 */
export function offByOne(ctx: MutatorContext): Mutation[] {
  const mutations: Mutation[] = [];
  for (const node of ctx.nodes("call", "slice", "subscript")) {
    for (const bound of boundsOf(node)) {
      const delta = ctx.random(bound)() < 0.5 ? 1 : -1;
      const to = shifted(bound, delta);
      if (to === null) continue;
      mutations.push(ctx.mutation(bound, [replaceNode(bound, to)], { from: bound.text, to }));
    }
  }
  return mutations;
}

/** Names that index a container as types, not positions (`Optional[str]`, `list[int]`). */
const TYPE_NAMES = new Set([
  "int",
  "str",
  "float",
  "bool",
  "bytes",
  "object",
  "type",
  "complex",
  "list",
  "dict",
  "set",
  "tuple",
  "frozenset",
]);

function boundsOf(node: SyntaxNode): SyntaxNode[] {
  if (node.type === "call") {
    if (node.childForFieldName("function")?.text !== "range") return [];
    const args = namedChildren(node.childForFieldName("arguments") ?? node);
    if (args.length === 0 || args.length > 3 || args.some((arg) => !isPlainExpression(arg))) return [];
    return args.length === 1 ? [args[0]!] : [args[0]!, args[1]!];
  }
  if (node.type === "slice") {
    const bounds: SyntaxNode[] = [];
    let part = 0;
    for (const child of node.children) {
      if (child.type === ":") part++;
      else if (part < 2 && child.type !== "comment") bounds.push(child);
    }
    return bounds;
  }
  const indexes = node.childrenForFieldName("subscript");
  const index = indexes[0];
  if (indexes.length !== 1 || index === undefined || inTypeAnnotation(node)) return [];
  if (index.type === "identifier") {
    return /^[A-Z]/.test(index.text) || TYPE_NAMES.has(index.text) ? [] : [index];
  }
  if (index.type === "integer" || isNegativeInteger(index)) return [index];
  if (
    index.type === "binary_operator" &&
    ["+", "-"].includes(operatorText(index.childForFieldName("operator")))
  ) {
    return [index];
  }
  return [];
}

function isPlainExpression(node: SyntaxNode): boolean {
  return !["keyword_argument", "list_splat", "dictionary_splat", "comment"].includes(node.type);
}

function isNegativeInteger(node: SyntaxNode): boolean {
  return (
    node.type === "unary_operator" &&
    operatorText(node.childForFieldName("operator")) === "-" &&
    node.childForFieldName("argument")?.type === "integer"
  );
}

/** `expr` moved by `delta`, folding into a literal or a trailing `± k` when there is one. */
function shifted(expr: SyntaxNode, delta: number): string | null {
  const constant = constantValue(expr);
  if (constant !== null) return String(constant + BigInt(delta));
  if (expr.type === "binary_operator") {
    const operator = operatorText(expr.childForFieldName("operator"));
    const left = expr.childForFieldName("left");
    const right = expr.childForFieldName("right");
    const k = right === null ? null : constantValue(right);
    if ((operator === "+" || operator === "-") && left !== null && k !== null && right?.type === "integer") {
      const total = (operator === "+" ? k : -k) + BigInt(delta);
      if (total === 0n) return left.text;
      return total > 0n ? `${left.text} + ${total}` : `${left.text} - ${-total}`;
    }
  }
  const operand = textAtLeast(expr, ADDITIVE);
  return delta > 0 ? `${operand} + 1` : `${operand} - 1`;
}

function constantValue(expr: SyntaxNode): bigint | null {
  if (expr.type === "integer") return readInteger(expr.text)?.value ?? null;
  if (isNegativeInteger(expr)) {
    const value = readInteger(expr.childForFieldName("argument")!.text)?.value;
    return value === undefined ? null : -value;
  }
  return null;
}

/** `return True` ↔ `return False`, `return 0` ↔ `return 1` (other integers → 0), `return "s"` → `return ""`, anything else → `return None`. */
export function changeReturnValue(ctx: MutatorContext): Mutation[] {
  const mutations: Mutation[] = [];
  for (const statement of ctx.nodes("return_statement")) {
    const value = namedChildren(statement)[0];
    if (value === undefined) continue;
    const to = changedValue(value);
    if (to === null) continue;
    mutations.push(ctx.mutation(statement, [replaceNode(value, to)], { from: value.text, to }));
  }
  return mutations;
}

function changedValue(value: SyntaxNode): string | null {
  switch (value.type) {
    case "true":
      return "False";
    case "false":
      return "True";
    case "none":
      return null;
    case "integer": {
      const literal = readInteger(value.text);
      if (literal === null) return "None";
      return literal.value === 0n ? "1" : "0";
    }
    case "string": {
      const start = value.firstChild;
      const content = namedChildren(value).filter(
        (part) => part.type !== "string_start" && part.type !== "string_end",
      );
      if (start === null || content.length === 0 || /[fF]/.test(start.text)) return "None";
      const bytes = /[bB]/.test(start.text) ? "b" : "";
      const quote = start.text.at(-1) === "'" ? "''" : '""';
      return bytes + quote;
    }
    default:
      return isNegativeInteger(value) ? "0" : "None";
  }
}
