import type { Difference } from "./align.js";
import { isStatement } from "./align.js";
import {
  ancestorsInStatement,
  calleeOf,
  isLiteral,
  loopBoundContext,
  nearestContext,
  type Step,
} from "./contexts.js";
import { type SyntaxNode, textOf } from "./syntax-tree.js";
import type { EditFact, EditFamilyName } from "./types.js";

/** Parents whose operator token, when swapped, names the family. */
const OPERATOR_FAMILIES: Record<string, EditFamilyName> = {
  comparison_operator: "comparison_operator",
  binary_operator: "arithmetic_operator",
  augmented_assignment: "arithmetic_operator",
  unary_operator: "arithmetic_operator",
  boolean_operator: "condition_changed",
};

const JUMPS: Record<string, string> = {
  return_statement: "return",
  raise_statement: "raise",
  continue_statement: "continue",
  break_statement: "break",
};

/** Turns the differences of two aligned trees into edit facts, in order. */
export function classifyDifferences(differences: Difference[]): EditFact[] {
  return differences.flatMap(classifyOne);
}

function classifyOne(d: Difference): EditFact[] {
  switch (d.kind) {
    case "changed":
      return [changed(d.before, d.after)].flat();
    case "removed":
      return [addedOrRemoved("removed", d.before)];
    case "added":
      return [addedOrRemoved("added", d.after)];
    case "wrapped":
    case "unwrapped":
      return [wrap(d.kind, d.wrapper, d.statements)];
    case "rewritten":
      return [
        fact("unclassified", d.before, d.after, d.before.line, {
          node: d.before.type,
          reason: "rewrite",
          parent: d.before.parent?.type ?? "",
        }),
      ];
  }
}

function changed(a: SyntaxNode, b: SyntaxNode): EditFact | EditFact[] {
  // A statement turned into another kind of statement: one removed, one added.
  if (isStatement(a) && a.type !== b.type) return [addedOrRemoved("removed", a), addedOrRemoved("added", b)];
  const operatorFamily = !a.named && !b.named ? OPERATOR_FAMILIES[a.parent?.type ?? ""] : undefined;
  if (operatorFamily) {
    return fact(operatorFamily, a, b, a.line, {
      node: a.parent?.type ?? "",
      from: textOf(a),
      to: textOf(b),
    });
  }
  const steps = ancestorsInStatement(a);
  const afterSteps = ancestorsInStatement(b);
  const loop = loopBoundContext(steps, [a, b]);
  if (loop) return fact("loop_bound", a, b, a.line, { node: a.type, context: loop });
  if (isLiteral(a) && isLiteral(b)) {
    return fact("constant", a, b, a.line, {
      node: a.type,
      from: textOf(a),
      to: textOf(b),
      ...contextDetail(steps),
    });
  }
  const context = nearestContext(steps);
  if (!context) return unmatched(a, b, a.line, a);
  const detail: Record<string, string> = { node: a.type };
  if (context.family === "call_argument_changed") detail.callee = calleeOf(context.node);
  if (context.condition) {
    detail.from = textOf(context.condition);
    const counterpart = afterSteps[steps.findIndex((s) => s.node === context.node)]?.child;
    if (counterpart) detail.to = textOf(counterpart);
  }
  return fact(context.family, a, b, a.line, detail);
}

function addedOrRemoved(kind: "added" | "removed", node: SyntaxNode): EditFact {
  const added = kind === "added";
  const make = (family: EditFamilyName, detail: Record<string, string>) =>
    added
      ? fact(family, undefined, node, node.line, { node: node.type, ...detail })
      : fact(family, node, undefined, node.line, { node: node.type, ...detail });
  const parent = node.parent;

  if (isStatement(node)) {
    if (node.type === "if_statement") {
      return make(added ? "condition_added" : "condition_removed", guardDetail(node));
    }
    if (node.type === "try_statement" || node.type === "raise_statement") {
      return make("exception_handling", { change: kind });
    }
    return make(added ? "statement_added" : "statement_removed", {});
  }
  if (node.type === "elif_clause") {
    return make(added ? "condition_added" : "condition_removed", conditionDetail(node));
  }
  if (node.type === "else_clause")
    return make(added ? "statement_added" : "statement_removed", { clause: "else" });
  if (
    node.type === "except_clause" ||
    node.type === "except_group_clause" ||
    node.type === "finally_clause"
  ) {
    return make("exception_handling", { change: kind });
  }
  if (parent?.type === "import_statement" || parent?.type === "import_from_statement") {
    return make(added ? "statement_added" : "statement_removed", { import: textOf(node) });
  }
  const steps = ancestorsInStatement(node);
  const loop = loopBoundContext(steps, [node]);
  if (loop) return make("loop_bound", { context: loop });
  if (parent?.type === "argument_list") {
    return make(added ? "call_argument_added" : "call_argument_removed", { callee: calleeOf(parent) });
  }
  const context = nearestContext(steps);
  if (!context)
    return added ? unmatched(undefined, node, node.line, node) : unmatched(node, undefined, node.line, node);
  const detail: Record<string, string> = {};
  if (context.family === "call_argument_changed") detail.callee = calleeOf(context.node);
  if (context.condition) detail.test = textOf(context.condition);
  return make(context.family, detail);
}

function wrap(kind: "wrapped" | "unwrapped", wrapper: SyntaxNode, statements: SyntaxNode[]): EditFact {
  const first = statements[0] as SyntaxNode;
  const last = statements[statements.length - 1] as SyntaxNode;
  const inner = first.source.slice(first.start, last.end);
  const outer = textOf(wrapper);
  const wrapped = kind === "wrapped";
  const detail: Record<string, string> = { node: wrapper.type, wrap: "true" };
  let family: EditFamilyName;
  if (wrapper.type === "if_statement") {
    family = wrapped ? "condition_added" : "condition_removed";
    Object.assign(detail, conditionDetail(wrapper));
  } else if (wrapper.type === "try_statement") {
    family = "exception_handling";
    detail.change = kind;
  } else {
    family = wrapped ? "statement_added" : "statement_removed";
  }
  return {
    family,
    before: wrapped ? inner : outer,
    after: wrapped ? outer : inner,
    line: wrapped ? first.line : wrapper.line,
    detail,
  };
}

/** `test` of an `if` / `elif`, plus `guard`/`kind` when its body only leaves (return, raise ...). */
function guardDetail(node: SyntaxNode): Record<string, string> {
  const detail = conditionDetail(node);
  const hasAlternative = node.children.some((c) => c.field === "alternative");
  const body = node.children.find((c) => c.field === "consequence")?.children ?? [];
  const jump = body.length === 1 ? JUMPS[body[0]?.type ?? ""] : undefined;
  if (jump && !hasAlternative) {
    detail.guard = "true";
    detail.kind = jump;
  }
  return detail;
}

function conditionDetail(node: SyntaxNode): Record<string, string> {
  const condition = node.children.find((c) => c.field === "condition");
  return condition ? { test: textOf(condition) } : {};
}

/** The enclosing context a constant sits in, for transplanting it somewhere alike. */
function contextDetail(steps: Step[]): Record<string, string> {
  const context = nearestContext(steps);
  return context ? { context: context.node.type } : {};
}

function unmatched(
  before: SyntaxNode | undefined,
  after: SyntaxNode | undefined,
  line: number,
  node: SyntaxNode,
): EditFact {
  return fact("unclassified", before, after, line, {
    node: node.type,
    reason: "unmatched",
    parent: node.parent?.type ?? "",
  });
}

function fact(
  family: EditFamilyName,
  before: SyntaxNode | undefined,
  after: SyntaxNode | undefined,
  line: number,
  detail: Record<string, string>,
): EditFact {
  return {
    family,
    before: before ? textOf(before) : "",
    after: after ? textOf(after) : "",
    line,
    detail,
  };
}
