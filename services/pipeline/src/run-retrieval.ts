import type { Logger } from "@tracegen/log";

/** What indexing one snapshot did, in content hashes (the retrieval core's `IndexSnapshotResult` fits). */
export interface IndexFigures {
  /** Function, class and method units of the snapshot. */
  units: number;
  /** Content hashes embedded now. */
  embedded: number;
  /** Content hashes that had a vector already (embedding is once per content hash). */
  reused: number;
  /** Content hashes the embedder refused for now (quota, outage); the next indexing retries them. */
  parked: number;
}

/** Retrieval as an embedded run uses it: ports of the retrieval core. */
export interface RetrievalPorts {
  /** Embeds the snapshot's units that have no vector yet and brings the repository's index up to date. */
  indexSnapshot(snapshotId: string): Promise<IndexFigures>;
  /**
   * The seed's candidates in the snapshot as the transplant rank ("path:qualified_name" →
   * cosine); undefined when retrieval has none for it.
   */
  neighbours(seedId: string, snapshotId: string): Promise<ReadonlyMap<string, number> | undefined>;
}

/** What retrieval did for a run's transplants in one invocation. */
export interface RetrievalUse {
  /** Whether the run indexes snapshots for retrieval (false with `--no-retrieval`). */
  enabled: boolean;
  /** Snapshots indexed by this invocation (each once, before its first seed's transplants) and what that did. */
  indexed: { snapshots: number; units: number; embedded: number; reused: number; parked: number };
  /** Seeds whose transplants fell back to identifier overlap in this invocation although retrieval was on, and why. */
  fallbacks: Record<string, string>;
}

/** Indexes each snapshot once per run and keeps the figures and fallbacks of {@link RetrievalUse}. */
export interface SnapshotIndexer {
  /**
   * Indexes the snapshot unless this run did already. False when the seed's transplants must
   * go without retrieval: it is off, or indexing failed (the reason is kept for the seed).
   */
  prepare(seedId: string, snapshotId: string): Promise<boolean>;
  /** Records that a seed's transplants fell back to identifier overlap, and why. */
  fallBack(seedId: string, reason: string): void;
  use(): RetrievalUse;
}

type Outcome = { ok: true } | { ok: false; reason: string };

/**
 * The indexer of a run. `index` undefined: retrieval is off. A failed indexing is warned about
 * and never fails the run. After an error `unreachable` recognises (a retrieval service that
 * does not answer), the rest of the run does without retrieval, warned about once.
 */
export function snapshotIndexer(options: {
  index: ((snapshotId: string) => Promise<IndexFigures>) | undefined;
  logger: Logger;
  unreachable?: (error: unknown) => boolean;
}): SnapshotIndexer {
  const { index, logger } = options;
  const indexed = { snapshots: 0, units: 0, embedded: 0, reused: 0, parked: 0 };
  const fallbacks: Record<string, string> = {};
  const outcomes = new Map<string, Promise<Outcome>>();
  let gone: string | undefined;

  async function indexOnce(
    index: (snapshotId: string) => Promise<IndexFigures>,
    snapshotId: string,
  ): Promise<Outcome> {
    try {
      const figures = await index(snapshotId);
      indexed.snapshots++;
      indexed.units += figures.units;
      indexed.embedded += figures.embedded;
      indexed.reused += figures.reused;
      indexed.parked += figures.parked;
      logger.info({ snapshot: snapshotId, ...figures }, "snapshot indexed for retrieval");
      if (figures.parked === 0) return { ok: true };
      // A partial index would rank only part of the snapshot.
      const reason = `indexing parked ${figures.parked} content hashes (embedder out of quota or unreachable; the next indexing retries them)`;
      logger.warn(
        { snapshot: snapshotId, parked: figures.parked },
        `${reason}; transplants ranked by identifier overlap`,
      );
      return { ok: false, reason };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (options.unreachable?.(error)) {
        gone = `retrieval unavailable: ${message}`;
        logger.warn(
          { snapshot: snapshotId, err: error },
          "retrieval unavailable; transplants ranked by identifier overlap for the rest of the run",
        );
        return { ok: false, reason: gone };
      }
      logger.warn(
        { snapshot: snapshotId, err: error },
        "indexing for retrieval failed; transplants ranked by identifier overlap",
      );
      return { ok: false, reason: `indexing failed: ${message}` };
    }
  }

  const indexer: SnapshotIndexer = {
    async prepare(seedId, snapshotId) {
      if (!index) return false;
      let outcome = outcomes.get(snapshotId);
      if (!outcome) {
        if (gone) {
          indexer.fallBack(seedId, gone);
          return false;
        }
        outcome = indexOnce(index, snapshotId);
        outcomes.set(snapshotId, outcome);
      }
      const done = await outcome;
      if (!done.ok) indexer.fallBack(seedId, done.reason);
      return done.ok;
    },
    fallBack(seedId, reason) {
      fallbacks[seedId] = reason;
    },
    use: () => ({ enabled: index !== undefined, indexed: { ...indexed }, fallbacks: { ...fallbacks } }),
  };
  return indexer;
}
