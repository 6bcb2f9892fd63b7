import type { Schema } from "@tracegen/db";
import type { TransplantRanking } from "@tracegen/export";
import { type Kysely, sql } from "kysely";

/**
 * How each seed's stored transplants had their targets ordered — synthesis writes it into a
 * transplant's detail (`ranking`), in process or on the synthesis service alike — as synthesis'
 * `transplantRanking` names it. Seeds without such transplants are left out.
 */
export async function transplantRankings(
  db: Kysely<Schema>,
  seedIds: readonly string[],
): Promise<Record<string, TransplantRanking>> {
  if (seedIds.length === 0) return {};
  const rows = await db
    .selectFrom("candidates")
    .select(["seed_id", sql<string | null>`detail->>'ranking'`.as("ranking")])
    .distinct()
    .where("strategy", "=", "transplant")
    .where("seed_id", "in", seedIds)
    .execute();
  const seen = new Map<string, Set<string>>();
  for (const { seed_id, ranking } of rows) {
    if (!seed_id || (ranking !== "retrieval" && ranking !== "identifier overlap")) continue;
    seen.set(seed_id, (seen.get(seed_id) ?? new Set()).add(ranking));
  }
  const out: Record<string, TransplantRanking> = {};
  for (const id of [...seen.keys()].sort()) {
    const kinds = seen.get(id) as Set<string>;
    out[id] = kinds.size > 1 ? "mixed" : ([...kinds][0] as TransplantRanking);
  }
  return out;
}
