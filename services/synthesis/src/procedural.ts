import { applyEdits, listMutations, MUTATORS, type Mutation, type MutatorName } from "@tracegen/pyedit";
import { type CoverageInfo, coveringTests } from "./coverage-info.js";
import type { Draft } from "./draft.js";
import { editedLines } from "./edit-lines.js";
import { createRng, deriveSeed, shuffled } from "./rng.js";
import type { TargetUnit } from "./targets.js";

/** Mutators that edit a class as a whole; the rest edit function and method bodies. */
export const CLASS_MUTATORS: ReadonlySet<MutatorName> = new Set([
  "remove_base_class",
  "remove_method",
  "shuffle_methods",
]);

/**
 * Mutators left out of the default procedural set because their edits preserve behaviour by
 * construction in Python (reordering method definitions changes nothing a test can see), so
 * every candidate of theirs would be spent on a sandbox run that proves nothing. They stay
 * available by name.
 */
export const BEHAVIOUR_PRESERVING: ReadonlySet<MutatorName> = new Set(["shuffle_methods"]);

/** The procedural mutators used when none are named. */
export const DEFAULT_MUTATORS: readonly MutatorName[] = MUTATORS.filter((m) => !BEHAVIOUR_PRESERVING.has(m));

/** Options of {@link proceduralDrafts}. */
export interface ProceduralOptions {
  mutators: readonly MutatorName[];
  randomSeed: number;
  /** Candidates per unit at most (default 1). */
  perUnit?: number;
  /** With coverage, a mutation must touch a line a passing test executes. */
  coverage?: CoverageInfo;
}

/**
 * Procedural candidates, lazily: (unit, mutator) pairs in a seeded order, one mutation chosen
 * per pair among those that touch executed lines, at most `perUnit` per unit.
 */
export async function* proceduralDrafts(
  targets: readonly TargetUnit[],
  files: ReadonlyMap<string, string>,
  options: ProceduralOptions,
): AsyncGenerator<Draft> {
  const rng = createRng(options.randomSeed);
  const pairs: { unit: TargetUnit; mutator: MutatorName }[] = [];
  for (const unit of targets) {
    for (const mutator of options.mutators) {
      if (CLASS_MUTATORS.has(mutator) === (unit.kind === "class")) pairs.push({ unit, mutator });
    }
  }
  const perUnit = options.perUnit ?? 1;
  const made = new Map<TargetUnit, number>();
  for (const { unit, mutator } of shuffled(pairs, rng)) {
    if ((made.get(unit) ?? 0) >= perUnit) continue;
    await yieldToEventLoop();
    const source = files.get(unit.path);
    if (source === undefined) continue;
    const seed = deriveSeed(options.randomSeed, `${unit.path}:${unit.qualifiedName}:${mutator}`);
    const mutation = pickMutation(
      usableMutations(source, mutator, unit, seed, options.coverage),
      createRng(seed),
    );
    if (!mutation) continue;
    made.set(unit, (made.get(unit) ?? 0) + 1);
    yield {
      strategy: "procedural",
      mutator,
      targetPath: unit.path,
      targetUnit: unit.qualifiedName,
      randomSeed: seed,
      detail: mutation.detail,
      files: new Map([[unit.path, { before: source, after: applyEdits(source, mutation.edits) }]]),
    };
  }
}

/**
 * tree-sitter's native trees are freed only when the event loop turns: a long synchronous
 * loop of parses would hold them all. Each unit gives the loop a turn.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Every mutation of the unit that, with coverage, touches a line some passing test executes. */
export function usableMutations(
  source: string,
  mutator: MutatorName,
  unit: TargetUnit,
  seed: number,
  coverage: CoverageInfo | undefined,
): Mutation[] {
  const span = { startLine: unit.startLine, endLine: unit.endLine };
  const all = listMutations(source, mutator, span, seed);
  if (!coverage) return all;
  return all.filter((m) => coveringTests(coverage, unit.path, editedLines(source, m.edits)).length > 0);
}

function pickMutation(mutations: readonly Mutation[], rng: () => number): Mutation | undefined {
  return mutations.length === 0 ? undefined : mutations[Math.floor(rng() * mutations.length)];
}
