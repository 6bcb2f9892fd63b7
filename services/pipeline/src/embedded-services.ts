import type { Bus } from "@tracegen/bus";
import type { Schema } from "@tracegen/db";
import { createIngestCore } from "@tracegen/ingest";
import type { Logger } from "@tracegen/log";
import type { Sandbox } from "@tracegen/sandbox";
import { createSynthesisCore } from "@tracegen/synthesis";
import { createValidationCore } from "@tracegen/validation";
import type { Kysely } from "kysely";
import { type RetrievalPorts, snapshotIndexer } from "./run-retrieval.js";
import type { RunServices } from "./run-services.js";

/** What the cores of embedded mode need. */
export interface EmbeddedServicesOptions {
  db: Kysely<Schema>;
  sandbox: Sandbox;
  /** The validation core's directory: environments, scratch copies, the blob store of logs. */
  workDir: string;
  mirrorsDir: string;
  logger: Logger;
  bus?: Bus | undefined;
  /** Resolves relative repository sources. */
  cwd?: string | undefined;
  /** Ranks transplants by retrieval's seed candidates; without it, by identifier overlap. */
  retrieval?: RetrievalPorts | undefined;
}

/**
 * Embedded mode: the ingest, validation and synthesis cores in this process, candidates
 * validated one by one; with `retrieval`, a seed's snapshot is indexed before its first
 * transplants (after its coverage map exists) and they are ranked by its retrieval candidates.
 */
export function embeddedServices(options: EmbeddedServicesOptions): RunServices {
  const bus = options.bus ? { bus: options.bus } : {};
  const { retrieval, logger } = options;
  const indexer = snapshotIndexer({ index: retrieval?.indexSnapshot, logger });
  const validation = createValidationCore({
    db: options.db,
    sandbox: options.sandbox,
    workDir: options.workDir,
    logger: options.logger,
    ...bus,
  });
  const synthesis = createSynthesisCore({
    db: options.db,
    logger: options.logger,
    ...bus,
    // Targeting needs the snapshot's coverage map: building the environment makes it.
    ensureCoverage: async (snapshotId) => {
      await validation.buildEnvironment(snapshotId);
    },
    // Asked per transplanted trace, after the coverage map is made.
    ...(retrieval
      ? {
          neighbours: async (seedId: string, snapshotId: string) => {
            if (!(await indexer.prepare(seedId, snapshotId))) return undefined;
            try {
              const rank = await retrieval.neighbours(seedId, snapshotId);
              if (!rank) indexer.fallBack(seedId, "retrieval has no candidates for the seed");
              return rank;
            } catch (error) {
              logger.warn(
                { seed: seedId, snapshot: snapshotId, err: error },
                "retrieval search failed; transplants ranked by identifier overlap",
              );
              indexer.fallBack(
                seedId,
                `search failed: ${error instanceof Error ? error.message : String(error)}`,
              );
              return undefined;
            }
          },
        }
      : {}),
  });
  const ingest = createIngestCore({
    db: options.db,
    mirrorsDir: options.mirrorsDir,
    logger: options.logger,
    ...bus,
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  return {
    mode: "embedded",
    overlapsValidation: false,
    importSeeds: (input) => ingest.importSeeds(input),
    checkSeed: (seedId) => validation.checkSeed(seedId),
    async synthesize(request) {
      const summary = await synthesis.synthesize({
        seedId: request.seedId,
        strategies: request.strategies,
        maxCandidates: request.maxCandidates,
        randomSeed: request.randomSeed,
      });
      return { made: summary.made };
    },
    async validate(candidates, done) {
      for (const candidate of candidates) {
        try {
          const verdict = await validation.validate(candidate.snapshot_id, {
            patch: candidate.patch,
            candidateId: candidate.id,
          });
          await done({ candidateId: candidate.id, verdict: verdict.kind });
        } catch (error) {
          await done({ candidateId: candidate.id, error });
        }
      }
    },
    retrievalUse: () => indexer.use(),
    readLog: (ref) => validation.readLog(ref),
    async close() {},
  };
}
