import { join } from "node:path";
import type { RetrievalPorts } from "@tracegen/pipeline";
import {
  createRetrievalCore,
  loadRetrievalConfig,
  makeEmbedder,
  type RetrievalConfig,
  RetrievalConfigError,
  type RetrievalCore,
  RetrievalError,
  RetrievalErrorCode,
} from "@tracegen/retrieval";
import { NEIGHBOURS_K, neighbourRank, retrievalApplicability } from "@tracegen/synthesis";
import { CliError, ExitCode } from "../exit-codes.js";
import type { Runtime } from "../runtime.js";

/**
 * The retrieval core a command works with: the database of the runtime, the embedder of
 * TRACEGEN_EMBEDDER (local by default), indexes under TRACEGEN_INDEX_DIR or <home>/index, and
 * synthesis' transplant check as the applicability of seed candidates. A configuration it
 * refuses (e.g. TRACEGEN_EMBEDDER=openai without a key) is exit code 2.
 */
export function retrievalCore(runtime: Runtime): RetrievalCore {
  let config: RetrievalConfig;
  try {
    config = loadRetrievalConfig({
      ...process.env,
      TRACEGEN_INDEX_DIR: process.env.TRACEGEN_INDEX_DIR ?? join(runtime.config.mirrorsDir, "..", "index"),
    });
  } catch (error) {
    if (error instanceof RetrievalConfigError) throw new CliError(error.message, ExitCode.BadInput);
    throw error;
  }
  const embedder = makeEmbedder(config.embedder, runtime.logger);
  return createRetrievalCore({
    db: runtime.database.db,
    ...(embedder ? { embedder } : {}),
    indexDir: config.indexDir,
    logger: runtime.logger,
    applicability: retrievalApplicability,
  });
}

/**
 * Retrieval as synthesis uses it in process (`tracegen synth`, `tracegen run`): indexing a
 * snapshot, and synthesis' `neighbours` port answered by the seed's candidates. `core` is asked
 * for on each use (it may make the core the first time). A snapshot that is not indexed (or a
 * seed with nothing to search with) gives no rank: transplants then fall back to identifier
 * overlap.
 */
export function retrievalPorts(core: () => RetrievalCore, runtime: Runtime): RetrievalPorts {
  return {
    indexSnapshot: (snapshotId) => core().indexSnapshot(snapshotId),
    async neighbours(seedId, snapshotId) {
      try {
        const hits = await core().search({ seedId }, { k: NEIGHBOURS_K, filter: { snapshotId } });
        return neighbourRank(hits);
      } catch (error) {
        if (
          error instanceof RetrievalError &&
          (error.code === RetrievalErrorCode.NotIndexed || error.code === RetrievalErrorCode.NoQueryUnit)
        ) {
          runtime.logger.info(
            { seed: seedId, snapshot: snapshotId, detail: error.message },
            "no retrieval ranking (tracegen index the snapshot for one); transplants ranked by identifier overlap",
          );
          return undefined;
        }
        throw error;
      }
    },
  };
}

/** The runtime's retrieval core, made on first use (synthesis without transplants never needs it). */
export function lazyRetrievalCore(runtime: Runtime): () => RetrievalCore {
  let core: RetrievalCore | undefined;
  return () => {
    core ??= retrievalCore(runtime);
    return core;
  };
}
