import type { EditFact } from "@tracegen/edit-families";
import type { SeedTrace } from "./seed-traces.js";
import { type TargetUnit, unitKey } from "./targets.js";
import { transplantApplies } from "./transplant.js";

/** A seed's trace as the retrieval service's applicability port hands it over. */
export interface RetrievalTrace {
  /** Edit families of the fix. */
  families: readonly string[];
  /** The fix's classified edits (`trace_units.edits`, every changed unit in order). */
  edits: readonly unknown[];
}

/**
 * The retrieval service's `applicability` port, backed by the transplant check: true when some
 * inverse plan of the fix's edits has a mutation in the unit's code — the check transplants make
 * before they write a candidate. The unit is checked on its own, dedented so a method parses.
 */
export function retrievalApplicability(
  trace: RetrievalTrace,
  unit: { path: string; source: string },
): boolean {
  const code = dedent(unit.source);
  const seedTrace: SeedTrace = {
    traceId: "",
    seedId: "",
    snapshotId: "",
    units: [{ path: "", qualifiedName: "", before: "", facts: trace.edits as EditFact[] }],
  };
  const target: TargetUnit = {
    path: unit.path,
    qualifiedName: "",
    kind: "function",
    startLine: 1,
    endLine: code.split("\n").length,
    source: code,
    coveringTests: -1,
  };
  try {
    return transplantApplies(seedTrace, target, code);
  } catch {
    return false; // code the mutators cannot read has no place for the edit
  }
}

/** A unit retrieval found near a seed's buggy code. */
export interface NeighbourHit {
  path: string;
  qualifiedName: string;
  /** Cosine of the unit's vector and the seed's buggy code's. */
  score: number;
}

/** Retrieval's seed candidates as the transplant rank: "path:qualified_name" → cosine (best per unit). */
export function neighbourRank(hits: readonly NeighbourHit[]): Map<string, number> {
  const rank = new Map<string, number>();
  for (const hit of hits) {
    const key = unitKey(hit.path, hit.qualifiedName);
    rank.set(key, Math.max(rank.get(key) ?? Number.NEGATIVE_INFINITY, hit.score));
  }
  return rank;
}

/** How many seed candidates transplants ask retrieval for. */
export const NEIGHBOURS_K = 100;

/** Removes the first line's indentation from every line that has it (a method's source starts indented). */
function dedent(source: string): string {
  const indent = /^[ \t]*/.exec(source)?.[0] ?? "";
  if (indent === "") return source;
  return source
    .split("\n")
    .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
    .join("\n");
}
