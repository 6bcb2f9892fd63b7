import { createHash } from "node:crypto";
import { create, toBinary } from "@bufbuild/protobuf";
import { enqueueEvent } from "@tracegen/bus";
import type { Schema } from "@tracegen/db";
import { CandidateSchema, CandidateSynthesizedSchema, Subjects } from "@tracegen/proto";
import { normalizedAstHash, unifiedDiff } from "@tracegen/pyedit";
import type { Kysely, Selectable } from "kysely";
import type { Draft, StrategyName } from "./draft.js";
import { strategyToProto } from "./to-proto.js";

/** A stored candidate. */
export type CandidateRow = Selectable<Schema["candidates"]>;

/** The patch of a draft: one git-style diff per changed file, in path order. */
export function draftPatch(draft: Draft): string {
  return [...draft.files.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, f]) => unifiedDiff(path, f.before, f.after))
    .join("");
}

/** The dedup key: the normalised ASTs of the changed files after the edit. */
export function astKey(draft: Draft): string {
  const hash = createHash("sha256");
  for (const [path, f] of [...draft.files.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    hash.update(`${path}\0${normalizedAstHash(f.after)}\n`);
  }
  return hash.digest("hex");
}

/**
 * Stores a draft as a candidate with its `tracegen.candidate.synthesized` event, in one
 * transaction. Returns undefined when the snapshot already has a candidate with the same
 * normalised AST (made by any strategy, in this call or an earlier one).
 */
export async function insertCandidate(
  db: Kysely<Schema>,
  snapshotId: string,
  draft: Draft,
): Promise<CandidateRow | undefined> {
  const key = astKey(draft);
  const id = `cand-${createHash("sha256").update(`${snapshotId}\n${key}`).digest("hex").slice(0, 20)}`;
  const values = {
    id,
    snapshot_id: snapshotId,
    patch: draftPatch(draft),
    strategy: draft.strategy,
    mutator: draft.mutator,
    target_path: draft.targetPath,
    target_unit: draft.targetUnit,
    random_seed: String(draft.randomSeed),
    trace_id: draft.traceId ?? null,
    seed_id: draft.seedId ?? null,
    ast_key: key,
    detail: JSON.stringify(draft.detail),
    combined_from: JSON.stringify(draft.combinedFrom ?? []),
  };
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("candidates")
      .values(values)
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;
    await enqueueEvent(trx, {
      subject: Subjects.candidateSynthesized,
      msgId: `candidate.synthesized:${id}`,
      data: toBinary(
        CandidateSynthesizedSchema,
        create(CandidateSynthesizedSchema, { candidate: candidateToProto(row) }),
      ),
    });
    return row;
  });
}

/** The proto Candidate of a row. */
export function candidateToProto(row: CandidateRow) {
  return create(CandidateSchema, {
    id: row.id,
    snapshotId: row.snapshot_id,
    patch: row.patch,
    strategy: strategyToProto(row.strategy as StrategyName),
    mutator: row.mutator,
    targetPath: row.target_path,
    targetUnit: row.target_unit,
    randomSeed: BigInt(row.random_seed),
    traceId: row.trace_id ?? "",
    seedId: row.seed_id ?? "",
    combinedFrom: row.combined_from,
  });
}
