import { createHash } from "node:crypto";
import type { EmbeddingSpacesTable, Schema } from "@tracegen/db";
import {
  buildCorpusStats,
  createLocalCodeEmbedder,
  deserializeCorpusStats,
  type Embedder,
  serializeCorpusStats,
} from "@tracegen/embed";
import type { Kysely, Selectable } from "kysely";

/**
 * One embedder for one repository. The local embedder weighs features by corpus statistics;
 * they are computed from the first snapshot of the repository that is indexed and then frozen,
 * so a content hash has one vector in every later snapshot too (embedded once, reused by all).
 */
export interface EmbeddingSpace {
  id: string;
  repo: string;
  /** The embedder configuration, e.g. "local-code-hash-v1+idf" or "openai:text-embedding-3-small". */
  family: string;
  /** What vectors of this space are stored under in `embeddings`. */
  embedderId: string;
  embedder: Embedder;
  /** Local spaces only: the snapshot whose units gave the statistics. */
  statsSnapshotId: string | null;
}

/** The family name of the default local embedder with statistics. */
export const LOCAL_FAMILY = createLocalCodeEmbedder({
  corpusStats: { documentCount: 0, documentFrequencies: new Uint32Array(0) },
}).name;

/** The family an injected embedder (or the default local one) gives. */
export function familyOf(embedder: Embedder | undefined): string {
  return embedder?.name ?? LOCAL_FAMILY;
}

function toSpace(row: Selectable<EmbeddingSpacesTable>, injected: Embedder | undefined): EmbeddingSpace {
  let embedder = injected;
  if (embedder === undefined) {
    if (row.corpus_stats === null) throw new Error(`embedding space ${row.id} has no corpus statistics`);
    embedder = createLocalCodeEmbedder({ corpusStats: deserializeCorpusStats(row.corpus_stats) });
  }
  return {
    id: row.id,
    repo: row.repo,
    family: row.family,
    embedderId: row.embedder,
    embedder,
    statsSnapshotId: row.stats_snapshot_id,
  };
}

/** The repository's space of this family, if any snapshot of it was indexed with it. */
export async function findSpace(
  db: Kysely<Schema>,
  repo: string,
  injected: Embedder | undefined,
): Promise<EmbeddingSpace | undefined> {
  const row = await db
    .selectFrom("embedding_spaces")
    .selectAll()
    .where("repo", "=", repo)
    .where("family", "=", familyOf(injected))
    .executeTakeFirst();
  return row === undefined ? undefined : toSpace(row, injected);
}

/** Every repository's space of this family. */
export async function listSpaces(db: Kysely<Schema>, injected: Embedder | undefined): Promise<string[]> {
  const rows = await db
    .selectFrom("embedding_spaces")
    .select("repo")
    .where("family", "=", familyOf(injected))
    .orderBy("repo")
    .execute();
  return rows.map((r) => r.repo);
}

/**
 * The repository's space, created on first use: for the local embedder with the statistics of
 * `texts` (the snapshot's unit sources, one per content hash). Safe against a concurrent creator.
 */
export async function ensureSpace(
  db: Kysely<Schema>,
  repo: string,
  injected: Embedder | undefined,
  statsSource: { snapshotId: string; texts: () => Iterable<string> },
): Promise<EmbeddingSpace> {
  const found = await findSpace(db, repo, injected);
  if (found) return found;
  const family = familyOf(injected);
  let stats: Uint8Array | null = null;
  let embedderId = family;
  if (injected === undefined) {
    stats = serializeCorpusStats(buildCorpusStats(statsSource.texts()));
    embedderId = `${family}@${createHash("sha256").update(stats).digest("hex").slice(0, 12)}`;
  }
  await db
    .insertInto("embedding_spaces")
    .values({
      id: `${repo}|${family}`,
      repo,
      family,
      embedder: embedderId,
      corpus_stats: stats,
      stats_snapshot_id: injected === undefined ? statsSource.snapshotId : null,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const created = await findSpace(db, repo, injected);
  if (!created) throw new Error(`embedding space of ${repo} vanished while it was created`);
  return created;
}
