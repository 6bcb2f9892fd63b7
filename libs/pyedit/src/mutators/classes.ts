import { type MutatorContext, replaceNode } from "../context.js";
import type { SyntaxNode } from "../parser.js";
import { permutation } from "../prng.js";
import { removeStatements } from "../remove-statements.js";
import { definitionOf, namedChildren, statementsOf } from "../syntax.js";
import type { Mutation, TextEdit } from "../types.js";

/** Bases that can go without changing what a class does. */
const NEUTRAL_BASES = new Set(["object"]);
const NOT_BASES = new Set(["keyword_argument", "list_splat", "dictionary_splat"]);

/** `class Foo(A, B):` → `class Foo(B):`, one mutation per base. */
export function removeBaseClass(ctx: MutatorContext): Mutation[] {
  const mutations: Mutation[] = [];
  for (const cls of ctx.nodes("class_definition")) {
    const list = cls.childForFieldName("superclasses");
    if (list === null) continue;
    const args = namedChildren(list);
    args.forEach((base, i) => {
      if (NOT_BASES.has(base.type) || NEUTRAL_BASES.has(base.text)) return;
      const edit = args.length === 1 ? replaceNode(list, "") : removeListItem(args, i);
      mutations.push(ctx.mutation(cls, [edit], { class: nameOf(cls), name: base.text }));
    });
  }
  return mutations;
}

/** Deletes item `i` of a comma-separated list together with one of its commas. */
function removeListItem(items: SyntaxNode[], i: number): TextEdit {
  const item = items[i]!;
  const next = items[i + 1];
  if (next !== undefined) return { start: item.startIndex, end: next.startIndex, text: "" };
  return { start: items[i - 1]!.endIndex, end: item.endIndex, text: "" };
}

/**
 * Deletes a method and, anywhere in its class, the expression statements that call it as
 * `self.m(...)` (a block left empty gets `pass`).
 */
export function removeMethod(ctx: MutatorContext): Mutation[] {
  const mutations: Mutation[] = [];
  for (const fn of ctx.nodes("function_definition")) {
    const site = fn.parent?.type === "decorated_definition" ? fn.parent : fn;
    const cls = site.parent?.parent;
    if (!ctx.inSpan(site) || site.parent?.type !== "block" || cls?.type !== "class_definition") continue;
    const name = fn.childForFieldName("name")?.text ?? "";
    const calls = cls
      .descendantsOfType("expression_statement")
      .filter((statement) => isSelfCall(statement, name) && !within(statement, site));
    const edits = removeStatements(ctx, [site, ...calls]);
    mutations.push(ctx.mutation(site, edits, { class: nameOf(cls), name, calls: String(calls.length) }));
  }
  return mutations;
}

/** Whether a statement is exactly `self.<name>(...)` (or `await self.<name>(...)`). */
function isSelfCall(statement: SyntaxNode, name: string): boolean {
  const parts = namedChildren(statement);
  if (parts.length !== 1) return false;
  let call = parts[0]!;
  if (call.type === "await") call = namedChildren(call)[0] ?? call;
  if (call.type !== "call") return false;
  const callee = call.childForFieldName("function");
  return (
    callee?.type === "attribute" &&
    callee.childForFieldName("object")?.text === "self" &&
    callee.childForFieldName("attribute")?.text === name
  );
}

function within(node: SyntaxNode, outer: SyntaxNode): boolean {
  return node.startIndex >= outer.startIndex && node.endIndex <= outer.endIndex;
}

function nameOf(definition: SyntaxNode): string {
  return definitionOf(definition).childForFieldName("name")?.text ?? "";
}

/** Reorders the methods of a class (other statements stay where they are). */
export function shuffleMethods(ctx: MutatorContext): Mutation[] {
  const mutations: Mutation[] = [];
  for (const cls of ctx.nodes("class_definition")) {
    const body = cls.childForFieldName("body");
    if (body === null) continue;
    const methods = statementsOf(body).filter(
      (statement) => definitionOf(statement).type === "function_definition",
    );
    const order = shuffledOrder(ctx, cls, methods);
    if (order === null) continue;
    const edits = methods.flatMap((slot, i) =>
      order[i] === i ? [] : [replaceNode(slot, methods[order[i]!]!.text)],
    );
    mutations.push(
      ctx.mutation(cls, edits, {
        class: nameOf(cls),
        order: order.map((j) => nameOf(methods[j]!)).join(","),
      }),
    );
  }
  return mutations;
}

/**
 * A seeded order of `items` whose texts read differently from the original order, or null when
 * there are fewer than two items or all read alike.
 */
export function shuffledOrder(ctx: MutatorContext, site: SyntaxNode, items: SyntaxNode[]): number[] | null {
  if (items.length < 2 || items.every((item) => item.text === items[0]!.text)) return null;
  const random = ctx.random(site);
  for (let attempt = 0; attempt < 20; attempt++) {
    const order = permutation(random, items.length);
    if (order.some((j, i) => items[j]!.text !== items[i]!.text)) return order;
  }
  // Seeded attempts kept landing on the original; rotating by one always moves a distinct text.
  return items.map((_, i) => (i + 1) % items.length);
}
