import { applyEdits, type Mutation } from "@tracegen/pyedit";
import type { CoverageInfo } from "./coverage-info.js";
import type { Draft } from "./draft.js";
import { type InversePlan, inversePlans } from "./inverse-edits.js";
import { usableMutations, yieldToEventLoop } from "./procedural.js";
import { deriveSeed } from "./rng.js";
import type { SeedTrace } from "./seed-traces.js";
import { codeTokens, jaccard } from "./similarity.js";
import { type TargetUnit, unitKey } from "./targets.js";

/** Options of {@link transplantDrafts}. */
export interface TransplantOptions {
  randomSeed: number;
  perUnit?: number;
  coverage?: CoverageInfo;
  /**
   * Similarity of a target to the seed's buggy code, higher first (e.g. the retrieval
   * service's seed candidates); default: shared identifier sub-tokens.
   */
  rank?: ReadonlyMap<string, number>;
}

/** The inverse plans of a trace, deduplicated by (family, mutator). */
export function tracePlans(trace: SeedTrace): InversePlan[] {
  const seen = new Set<string>();
  const plans: InversePlan[] = [];
  for (const unit of trace.units) {
    for (const fact of unit.facts) {
      for (const plan of inversePlans(fact)) {
        const key = `${plan.family}/${plan.mutator}/${JSON.stringify(fact.detail)}`;
        if (!seen.has(key)) {
          seen.add(key);
          plans.push(plan);
        }
      }
    }
  }
  return plans;
}

/**
 * Seed-pattern transplants: the inverse of the seed's fix applied at other units, the targets
 * most like the seed's buggy code first, at each the best-matching mutation (ties: the
 * earliest), at most `perUnit` per unit. The seed's own units must already be excluded.
 */
export async function* transplantDrafts(
  trace: SeedTrace,
  targets: readonly TargetUnit[],
  files: ReadonlyMap<string, string>,
  options: TransplantOptions,
): AsyncGenerator<Draft> {
  const plans = tracePlans(trace);
  if (plans.length === 0) return;
  const seedTokens = codeTokens(trace.units.map((u) => u.before).join("\n"));
  // Ranked neighbours first; the rest after them, by shared identifier sub-tokens.
  const similarity = (t: TargetUnit) =>
    options.rank?.get(unitKey(t.path, t.qualifiedName)) ??
    jaccard(seedTokens, codeTokens(t.source)) - (options.rank ? 1 : 0);
  const ranked = targets
    .filter((t) => t.kind !== "class")
    .map((t) => ({ t, s: similarity(t) }))
    .sort((a, b) => b.s - a.s);
  const perUnit = options.perUnit ?? 1;
  for (const { t: unit, s } of ranked) {
    const source = files.get(unit.path);
    if (source === undefined) continue;
    await yieldToEventLoop();
    let made = 0;
    for (const plan of plans) {
      if (made >= perUnit) break;
      const seed = deriveSeed(
        options.randomSeed,
        `${trace.traceId}:${unitKey(unit.path, unit.qualifiedName)}`,
      );
      const best = bestMatch(usableMutations(source, plan.mutator, unit, seed, options.coverage), plan);
      if (!best) continue;
      made++;
      yield {
        strategy: "transplant",
        mutator: plan.mutator,
        targetPath: unit.path,
        targetUnit: unit.qualifiedName,
        randomSeed: seed,
        traceId: trace.traceId,
        seedId: trace.seedId,
        detail: {
          ...best.mutation.detail,
          family: plan.family,
          match: best.score.toFixed(2),
          similarity: s.toFixed(3),
          // How targets were ordered (the run's summary reads it back per seed).
          ranking: options.rank ? "retrieval" : "identifier overlap",
        },
        files: new Map([[unit.path, { before: source, after: applyEdits(source, best.mutation.edits) }]]),
      };
    }
  }
}

function bestMatch(mutations: readonly Mutation[], plan: InversePlan) {
  let best: { mutation: Mutation; score: number } | undefined;
  for (const mutation of mutations) {
    const score = plan.score(mutation);
    if (score > 0 && (!best || score > best.score)) best = { mutation, score };
  }
  return best;
}

/** True when some inverse plan of the trace has a mutation in the unit (the applicability check retrieval uses). */
export function transplantApplies(trace: SeedTrace, unit: TargetUnit, source: string, seed = 0): boolean {
  return tracePlans(trace).some((plan) =>
    bestMatch(usableMutations(source, plan.mutator, unit, seed, undefined), plan),
  );
}
