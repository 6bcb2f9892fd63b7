import { type MutatorContext, replaceNode } from "../context.js";
import { reindent } from "../reindent.js";
import { removeStatements } from "../remove-statements.js";
import { namedChildren } from "../syntax.js";
import type { Mutation } from "../types.js";
import { isInline } from "./control-flow.js";

/** Deletes an assignment statement (`x = ...`, `x += ...`; not a bare annotation `x: int`). */
export function removeAssignment(ctx: MutatorContext): Mutation[] {
  const mutations: Mutation[] = [];
  for (const statement of ctx.nodes("expression_statement")) {
    const parts = namedChildren(statement);
    const assignment = parts[0];
    if (parts.length !== 1 || assignment === undefined) continue;
    if (assignment.type !== "assignment" && assignment.type !== "augmented_assignment") continue;
    if (assignment.childForFieldName("right") === null) continue;
    const target = assignment.childForFieldName("left")?.text ?? "";
    mutations.push(ctx.mutation(statement, removeStatements(ctx, [statement]), { target }));
  }
  return mutations;
}

/** Deletes an `if` statement that has no elif or else. */
export function removeConditional(ctx: MutatorContext): Mutation[] {
  const mutations: Mutation[] = [];
  for (const statement of ctx.nodes("if_statement")) {
    if (statement.childrenForFieldName("alternative").length > 0) continue;
    const condition = statement.childForFieldName("condition")?.text ?? "";
    mutations.push(ctx.mutation(statement, removeStatements(ctx, [statement]), { condition }));
  }
  return mutations;
}

/** Deletes a `for` or `while` loop, body and all. */
export function removeLoop(ctx: MutatorContext): Mutation[] {
  return ctx.nodes("for_statement", "while_statement").map((loop) =>
    ctx.mutation(loop, removeStatements(ctx, [loop]), {
      kind: loop.type === "for_statement" ? "for" : "while",
    }),
  );
}

/**
 * Replaces a `with` or `try` statement by the code of its normal path, dedented to the
 * statement's place: the body, then a try's `else` and `finally` bodies (handlers go).
 */
export function removeWrapper(ctx: MutatorContext): Mutation[] {
  const mutations: Mutation[] = [];
  for (const statement of ctx.nodes("with_statement", "try_statement")) {
    const body = statement.childForFieldName("body");
    if (body === null) continue;
    const indent = ctx.text.indentOf(statement.startPosition.row);
    const pieces = [body];
    for (const clause of statement.namedChildren) {
      if (clause.type === "else_clause") pieces.push(clause.childForFieldName("body") ?? clause);
      if (clause.type === "finally_clause")
        pieces.push(clause.namedChildren.find((c) => c.type === "block") ?? clause);
    }
    const text = pieces
      .map((block) =>
        isInline(block)
          ? block.text
          : reindent(
              ctx,
              block.startIndex,
              block.endIndex,
              ctx.text.indentOf(block.startPosition.row),
              indent,
            ),
      )
      .join(`\n${indent}`);
    const kind = statement.type === "with_statement" ? "with" : "try";
    mutations.push(ctx.mutation(statement, [replaceNode(statement, text)], { kind }));
  }
  return mutations;
}
