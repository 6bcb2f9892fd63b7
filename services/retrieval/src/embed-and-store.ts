import type { Schema } from "@tracegen/db";
import { EmbedError, EmbedErrorCode } from "@tracegen/embed";
import type { Logger } from "@tracegen/log";
import type { Kysely } from "kysely";
import type { EmbeddingSpace } from "./embedding-spaces.js";
import { LOCAL_FAMILY } from "./embedding-spaces.js";
import { parkHashes, storeEmbeddings } from "./embeddings.repository.js";
import { RetrievalError, RetrievalErrorCode } from "./errors.js";

/** A content hash to embed and its text. */
export interface EmbedItem {
  contentHash: string;
  text: string;
}

/** What {@link embedAndStore} did. */
export interface EmbedOutcome {
  embedded: number;
  /** Content hashes parked for a later retry, and why. */
  parked: number;
  parkReason: string | undefined;
}

/**
 * Remote embedders take a few thousand tokens per input; longer units are cut (the head of a
 * unit names and documents it). The local embedder reads any length.
 */
const REMOTE_MAX_CHARS = 24_000;

/**
 * Embeds items in chunks and stores each chunk's vectors before the next is asked for, so
 * work done survives a crash. When the provider's quota is exhausted (QUOTA) or it stays
 * unreachable through the embedder's retries (UNAVAILABLE), the items not embedded yet are
 * parked in Postgres — never dropped — and the next indexing retries them. Any other embedder
 * failure is a RetrievalError EMBEDDER.
 */
export async function embedAndStore(
  db: Kysely<Schema>,
  space: EmbeddingSpace,
  items: readonly EmbedItem[],
  options: { chunk: number; logger: Logger; signal?: AbortSignal | undefined },
): Promise<EmbedOutcome> {
  const remote = space.family !== LOCAL_FAMILY;
  let embedded = 0;
  for (let start = 0; start < items.length; start += options.chunk) {
    const part = items.slice(start, start + options.chunk);
    const texts = part.map((i) =>
      remote && i.text.length > REMOTE_MAX_CHARS ? i.text.slice(0, REMOTE_MAX_CHARS) : i.text,
    );
    let vectors: Float32Array[];
    try {
      vectors = await space.embedder.embed(texts, options.signal);
    } catch (error) {
      if (
        error instanceof EmbedError &&
        (error.code === EmbedErrorCode.QUOTA || error.code === EmbedErrorCode.UNAVAILABLE)
      ) {
        const rest = items.slice(start).map((i) => i.contentHash);
        const reason = error.code === EmbedErrorCode.QUOTA ? "quota" : "unavailable";
        await parkHashes(db, space.embedderId, rest, reason);
        options.logger.warn(
          { embedder: space.embedderId, parked: rest.length, embedded, reason, detail: error.message },
          "embedding parked; the next indexing retries it",
        );
        return { embedded, parked: rest.length, parkReason: reason };
      }
      if (error instanceof EmbedError && error.code === EmbedErrorCode.ABORTED) throw error;
      throw new RetrievalError(
        RetrievalErrorCode.Embedder,
        `embedder ${space.embedderId} failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
    await storeEmbeddings(
      db,
      space.embedderId,
      part.map((item, i) => ({ contentHash: item.contentHash, vector: vectors[i]! })),
    );
    embedded += part.length;
    options.logger.debug({ embedded, total: items.length }, "embedded chunk");
  }
  return { embedded, parked: 0, parkReason: undefined };
}
