import { readFileSync } from "node:fs";
import { diffArrays } from "diff";
import { expect } from "vitest";
import { applyEdits } from "./apply-edits.js";
import { checkMutated } from "./check.js";
import { listMutations } from "./list-mutations.js";
import { parsePython, type SyntaxNode } from "./parser.js";
import type { Mutation, MutatorName, UnitSpan } from "./types.js";

/** Debian's Python standard library: real code the mutators must handle. */
export const STDLIB = "/usr/lib/python3.11";

export function stdlib(path: string): string {
  return readFileSync(`${STDLIB}/${path}`, "utf8");
}

/** The span (decorators included) of the def or class with this dotted name, e.g. `TextWrapper._wrap_chunks`. */
export function unitSpan(source: string, qualifiedName: string): UnitSpan {
  let scope: SyntaxNode | null = parsePython(source).rootNode;
  let found: SyntaxNode | null = null;
  for (const name of qualifiedName.split(".")) {
    found = null;
    const statements: SyntaxNode[] = scope?.namedChildren ?? [];
    for (const statement of statements) {
      const definition: SyntaxNode | null =
        statement.type === "decorated_definition" ? statement.childForFieldName("definition") : statement;
      if (definition?.childForFieldName("name")?.text === name) {
        found = statement;
        scope = definition.childForFieldName("body");
        break;
      }
    }
    if (found === null) throw new Error(`no ${qualifiedName} in the source`);
  }
  return { startLine: found!.startPosition.row + 1, endLine: found!.endPosition.row + 1 };
}

/** The text of 1-based line `line`. */
export function lineAt(source: string, line: number): string {
  return source.split("\n")[line - 1] ?? "";
}

/** The lines a change removes and adds, in order. */
export function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const removed: string[] = [];
  const added: string[] = [];
  for (const part of diffArrays(before.split("\n"), after.split("\n"))) {
    if (part.removed) removed.push(...part.value);
    if (part.added) added.push(...part.value);
  }
  return { removed, added };
}

/** Asserts what every listed mutation promises: inside the span, valid, AST changed. */
export function expectAllUsable(source: string, mutations: readonly Mutation[], span?: UnitSpan): void {
  for (const mutation of mutations) {
    if (span !== undefined) {
      expect(mutation.line).toBeGreaterThanOrEqual(span.startLine);
      expect(mutation.line).toBeLessThanOrEqual(span.endLine);
    }
    const after = applyEdits(source, mutation.edits);
    expect(parsePython(after).rootNode.hasError).toBe(false);
    expect(checkMutated(source, after)).toBe("ok");
  }
}

/** Narrows {@link mutationAt} to one site. */
export interface SiteFilter {
  seed?: number;
  /** Detail entries the mutation must have. */
  detail?: Record<string, string>;
}

/**
 * The one mutation of `mutator` in `span` whose site line contains `marker` (and whose detail
 * matches), applied: the mutation, the mutated source and the changed lines.
 */
export function mutationAt(
  source: string,
  mutator: MutatorName,
  span: UnitSpan | undefined,
  marker: string,
  filter: SiteFilter = {},
): { mutation: Mutation; after: string; removed: string[]; added: string[] } {
  const matching = listMutations(source, mutator, span, filter.seed ?? 0).filter(
    (m) =>
      lineAt(source, m.line).includes(marker) &&
      Object.entries(filter.detail ?? {}).every(([key, value]) => m.detail[key] === value),
  );
  expect(matching, `${mutator} sites on a line with ${JSON.stringify(marker)}`).toHaveLength(1);
  const mutation = matching[0]!;
  const after = applyEdits(source, mutation.edits);
  return { mutation, after, ...changedLines(source, after) };
}
