import type { RepoSourceInput } from "@tracegen/ingest";
import { RowOutcome, type SeedsFormat } from "@tracegen/proto";
import type { RunContext } from "./run-context.js";
import { loadRunSeeds, type RunSeed } from "./run-scope.js";

/** The seeds document of a run. */
export interface SeedsInput {
  content: string;
  /** The file's name, for messages and the run's default id. */
  name: string;
  format?: SeedsFormat;
}

/** What the import did. */
export interface IngestOutcome {
  seeds: RunSeed[];
  /** Rows read from the document. */
  rows: number;
  invalid: number;
  conflicts: number;
}

/**
 * Imports the document (idempotent: stored rows are kept, seeds not yet ready are brought to
 * ready or unusable) and returns the document's seeds as stored.
 */
export async function ingestStage(
  ctx: RunContext,
  seeds: SeedsInput,
  repos: RepoSourceInput[],
): Promise<IngestOutcome> {
  const response = await ctx.services.importSeeds({
    content: seeds.content,
    sourceName: seeds.name,
    repos,
    ...(seeds.format !== undefined ? { format: seeds.format } : {}),
    onProgress: (p) => {
      if (p.phase === "seeds") ctx.progress.update("ingest", p.done, p.total, p.seedId);
    },
  });
  const ids = [
    ...new Set(
      response.rows.filter((r) => r.outcome !== RowOutcome.INVALID && r.instanceId).map((r) => r.instanceId),
    ),
  ];
  return {
    seeds: await loadRunSeeds(ctx.db, ids),
    rows: response.summary?.rows ?? response.rows.length,
    invalid: response.summary?.invalid ?? 0,
    conflicts: response.summary?.conflicts ?? 0,
  };
}
