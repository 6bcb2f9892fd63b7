import { join } from "node:path";
import type { Schema } from "@tracegen/db";
import { createIngestCore, type IngestCore } from "@tracegen/ingest";
import { silentLogger } from "@tracegen/log";
import type { Kysely } from "kysely";
import { readText, tinyledger } from "./fixtures.js";

/** examples/tinyledger imported into a test database: the ingest core and its seeds' snapshots. */
export interface ImportedTinyledger {
  ingest: IngestCore;
  /** The snapshot id of a seed's repository at its base commit. */
  snapshotOf(seedId: string): Promise<string>;
}

/**
 * Imports examples/tinyledger's 7 seeds (and its repository, mirrored under `<work>/mirrors`)
 * through an ingest core, the way every service test starts.
 */
export async function importTinyledger(db: Kysely<Schema>, work: string): Promise<ImportedTinyledger> {
  const ingest = createIngestCore({ db, mirrorsDir: join(work, "mirrors"), logger: silentLogger() });
  await ingest.importSeeds({
    content: readText(tinyledger.seedsJsonl),
    repos: [{ repo: tinyledger.repo, source: tinyledger.bundle }],
  });
  return {
    ingest,
    async snapshotOf(seedId) {
      const id = (await ingest.getSeed(seedId)).snapshot?.id;
      if (!id) throw new Error(`seed ${seedId} has no snapshot`);
      return id;
    },
  };
}
