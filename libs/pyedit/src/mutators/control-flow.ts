import { type MutatorContext, replaceNode } from "../context.js";
import type { SyntaxNode } from "../parser.js";
import { reindent } from "../reindent.js";
import { removeStatements } from "../remove-statements.js";
import { ATOMIC, isDocstring, namedChildren, precedence, statementsOf } from "../syntax.js";
import type { Mutation, TextEdit } from "../types.js";
import { shuffledOrder } from "./classes.js";

/** `if c: A else: B` → `if c: B else: A` (SWE-smith's inverted if/else: bodies swap, the condition stays). */
export function invertIfElse(ctx: MutatorContext): Mutation[] {
  const mutations: Mutation[] = [];
  for (const statement of ctx.nodes("if_statement")) {
    const alternatives = statement.childrenForFieldName("alternative");
    const consequence = statement.childForFieldName("consequence");
    const orelse = alternatives[0]?.childForFieldName("body");
    if (alternatives.length !== 1 || alternatives[0]!.type !== "else_clause") continue;
    if (consequence === null || orelse === null || orelse === undefined) continue;
    const inline = isInline(consequence);
    if (inline !== isInline(orelse)) continue;
    const consequenceIndent = ctx.text.indentOf(consequence.startPosition.row);
    const orelseIndent = ctx.text.indentOf(orelse.startPosition.row);
    const edits: TextEdit[] = [
      replaceNode(
        consequence,
        reindent(ctx, orelse.startIndex, orelse.endIndex, orelseIndent, consequenceIndent),
      ),
      replaceNode(
        orelse,
        reindent(ctx, consequence.startIndex, consequence.endIndex, consequenceIndent, orelseIndent),
      ),
    ];
    const condition = statement.childForFieldName("condition");
    mutations.push(ctx.mutation(statement, edits, { condition: condition?.text ?? "" }));
  }
  return mutations;
}

/** Whether a block sits on its header's line (`if x: return`). */
export function isInline(block: SyntaxNode): boolean {
  const colon = block.previousSibling;
  return colon !== null && colon.endPosition.row === block.startPosition.row;
}

/** Simple statements whose order matters and that can move anywhere in their block. */
const MOVABLE = new Set([
  "expression_statement",
  "assert_statement",
  "delete_statement",
  "return_statement",
  "raise_statement",
]);

/** Shuffles a run of two or more consecutive simple statements, each on lines of its own. */
export function shuffleStatements(ctx: MutatorContext): Mutation[] {
  const mutations: Mutation[] = [];
  for (const block of [...ctx.nodes("module"), ...ctx.nodes("block")]) {
    for (const run of movableRuns(ctx, block)) {
      const order = shuffledOrder(ctx, run[0]!, run);
      if (order === null) continue;
      const edits = run.flatMap((slot, i) =>
        order[i] === i ? [] : [replaceNode(slot, run[order[i]!]!.text)],
      );
      mutations.push(ctx.mutation(run[0]!, edits, { count: String(run.length), order: order.join(",") }));
    }
  }
  return mutations;
}

function movableRuns(ctx: MutatorContext, block: SyntaxNode): SyntaxNode[][] {
  const runs: SyntaxNode[][] = [];
  let run: SyntaxNode[] = [];
  let lastRow = -1;
  for (const statement of statementsOf(block)) {
    const movable =
      MOVABLE.has(statement.type) &&
      ctx.inSpan(statement) &&
      !isDocstring(statement) &&
      ctx.text.startsRow(statement.startIndex, statement.startPosition.row) &&
      statement.startPosition.row > lastRow;
    const next = statement.nextSibling;
    const alone =
      next === null || next.type === "comment" || next.startPosition.row > statement.endPosition.row;
    lastRow = statement.endPosition.row;
    if (movable && alone) {
      run.push(statement);
      continue;
    }
    if (run.length >= 2) runs.push(run);
    run = [];
  }
  if (run.length >= 2) runs.push(run);
  return runs;
}

/** `if c:` → `if not (c):` (also elif, while and `x if c else y`), and `not c` → `c`. */
export function negateCondition(ctx: MutatorContext): Mutation[] {
  const mutations: Mutation[] = [];
  for (const site of ctx.nodes("if_statement", "elif_clause", "while_statement", "conditional_expression")) {
    const condition =
      site.type === "conditional_expression" ? namedChildren(site)[1] : site.childForFieldName("condition");
    if (condition === null || condition === undefined) continue;
    let negated: string;
    if (condition.type === "not_operator") {
      negated = condition.childForFieldName("argument")?.text ?? "";
    } else {
      negated = precedence(condition) >= ATOMIC ? `not ${condition.text}` : `not (${condition.text})`;
    }
    if (negated === "") continue;
    mutations.push(
      ctx.mutation(condition, [replaceNode(condition, negated)], { from: condition.text, to: negated }),
    );
  }
  return mutations;
}

const GUARD_EXITS: Record<string, string> = {
  return_statement: "return",
  raise_statement: "raise",
  continue_statement: "continue",
  break_statement: "break",
};

/** Removes an `if` without else whose body only returns, raises, continues or breaks. */
export function dropGuardClause(ctx: MutatorContext): Mutation[] {
  const mutations: Mutation[] = [];
  for (const statement of ctx.nodes("if_statement")) {
    if (statement.childrenForFieldName("alternative").length > 0) continue;
    const body = statementsOf(statement.childForFieldName("consequence") ?? statement);
    const kind = body.length === 1 ? GUARD_EXITS[body[0]!.type] : undefined;
    if (kind === undefined) continue;
    const condition = statement.childForFieldName("condition")?.text ?? "";
    mutations.push(ctx.mutation(statement, removeStatements(ctx, [statement]), { kind, condition }));
  }
  return mutations;
}
