import { type MutatorContext, replaceNode } from "../context.js";
import { isDocstring, namedChildren, statementsOf } from "../syntax.js";
import type { Mutation } from "../types.js";

/**
 * `raise X` → `pass` (`return None` when the raise is all a function does), and an except
 * handler's body → `pass`.
 */
export function swallowException(ctx: MutatorContext): Mutation[] {
  const mutations: Mutation[] = [];
  for (const node of ctx.nodes("raise_statement", "except_clause", "except_group_clause")) {
    if (node.type === "raise_statement") {
      const block = node.parent;
      const rest =
        block === null ? [] : statementsOf(block).filter((s) => s.id !== node.id && !isDocstring(s));
      const wholeFunction = block?.parent?.type === "function_definition" && rest.length === 0;
      const text = wholeFunction ? "return None" : "pass";
      const exception = namedChildren(node)[0]?.text ?? "";
      mutations.push(ctx.mutation(node, [replaceNode(node, text)], { kind: "raise", exception, to: text }));
      continue;
    }
    const body = node.namedChildren.find((child) => child.type === "block");
    if (body === undefined) continue;
    const statements = statementsOf(body);
    if (statements.length === 1 && statements[0]!.type === "pass_statement") continue;
    const exception = node.childForFieldName("value")?.text ?? "";
    mutations.push(ctx.mutation(node, [replaceNode(body, "pass")], { kind: "except", exception }));
  }
  return mutations;
}
