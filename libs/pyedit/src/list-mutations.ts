import { applyEdits } from "./apply-edits.js";
import { MutatorContext } from "./context.js";
import { MUTATOR_FNS } from "./mutators/registry.js";
import { parsePythonCached } from "./parser.js";
import { mixSeed, mulberry32, pickIndex } from "./prng.js";
import { PyEditError } from "./pyedit-error.js";
import { RegionChecker } from "./region-check.js";
import { MUTATORS, type Mutation, type MutatorName, type UnitSpan } from "./types.js";

/**
 * Every site inside `span` (the whole file when omitted) where `mutator` applies, by position.
 * Choices a mutator makes (shuffles, ±1) come from `randomSeed`, so equal inputs give equal
 * output. Each mutation returned re-parses without errors and changes the AST; mutations that
 * give the same text as an earlier one are left out.
 *
 * tree-sitter's native trees are freed by finalizers that run when the event loop turns, so a
 * caller looping synchronously over many files should yield (`await`) now and then.
 */
export function listMutations(
  source: string,
  mutator: MutatorName,
  span?: UnitSpan,
  randomSeed = 0,
): Mutation[] {
  if (!Object.hasOwn(MUTATOR_FNS, mutator)) {
    throw new PyEditError("UNKNOWN_MUTATOR", `unknown mutator ${JSON.stringify(mutator)}`);
  }
  const find = MUTATOR_FNS[mutator];
  if (span !== undefined && !isLineRange(span)) {
    throw new PyEditError("BAD_SPAN", `span ${span.startLine}..${span.endLine} is not a 1-based line range`);
  }
  const tree = parsePythonCached(source);
  const firstRow = span === undefined ? 0 : span.startLine - 1;
  // Rows past the end are clamped: tree-sitter takes rows as 32-bit integers.
  const rowCount = tree.rootNode.endPosition.row + 1;
  const lastRow = Math.min(span === undefined ? rowCount : span.endLine - 1, rowCount);
  const ctx = new MutatorContext(
    source,
    tree,
    mutator,
    firstRow,
    lastRow,
    randomSeed,
    MUTATORS.indexOf(mutator),
  );
  const candidates = find(ctx);
  const ordered = candidates
    .map((mutation, i) => ({ mutation, at: ctx.siteStart.get(mutation) ?? 0, i }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map(({ mutation }) => mutation);
  const checker = new RegionChecker(source, tree.rootNode, ctx.text);
  const seen = new Set<string>();
  const checked: Mutation[] = [];
  for (const mutation of ordered) {
    if (mutation.edits.length === 0) continue;
    const after = applyEdits(source, mutation.edits);
    if (seen.has(after)) continue;
    seen.add(after);
    if (checker.check(mutation.edits) === "ok") checked.push(mutation);
  }
  return checked;
}

/** Picks one of {@link listMutations}' mutations from `randomSeed` and applies it; null when none applies. */
export function mutateUnit(
  source: string,
  mutator: MutatorName,
  span: UnitSpan | undefined,
  randomSeed: number,
): { mutation: Mutation; source: string } | null {
  const mutations = listMutations(source, mutator, span, randomSeed);
  if (mutations.length === 0) return null;
  const mutation = mutations[pickIndex(mulberry32(mixSeed(randomSeed, 0x5eed)), mutations.length)]!;
  return { mutation, source: applyEdits(source, mutation.edits) };
}

function isLineRange(span: UnitSpan): boolean {
  return (
    Number.isInteger(span.startLine) &&
    Number.isInteger(span.endLine) &&
    span.startLine >= 1 &&
    span.endLine >= span.startLine
  );
}
