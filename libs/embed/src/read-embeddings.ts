import { EmbedError, EmbedErrorCode } from "./embed-error.js";
import { EMBEDDING_DIMENSIONS, l2Normalize } from "./embedder.js";

/** The part of an embeddings response that is read. */
export interface EmbeddingsResponse {
  data: { index: number; embedding: number[] | string }[];
}

function bad(message: string): EmbedError {
  return new EmbedError(EmbedErrorCode.BAD_RESPONSE, message);
}

/**
 * Checks an embeddings response for `count` inputs (one float vector of 1024 numbers per input
 * index, in any order) and returns the vectors in input order, re-normalised to unit length.
 */
export function readEmbeddings(response: EmbeddingsResponse, count: number): Float32Array[] {
  if (!Array.isArray(response.data) || response.data.length !== count)
    throw bad(
      `expected ${count} embeddings, got ${Array.isArray(response.data) ? response.data.length : "none"}`,
    );
  const out: (Float32Array | undefined)[] = new Array(count).fill(undefined);
  for (const item of response.data) {
    const { index, embedding } = item;
    if (!Number.isInteger(index) || index < 0 || index >= count || out[index] !== undefined)
      throw bad(`embedding index ${index} is out of range or repeated`);
    if (!Array.isArray(embedding) || embedding.length !== EMBEDDING_DIMENSIONS)
      throw bad(
        `embedding ${index} has ${Array.isArray(embedding) ? embedding.length : "no float"} dimensions, expected ${EMBEDDING_DIMENSIONS}`,
      );
    const vector = l2Normalize(embedding);
    if (vector === undefined) throw bad(`embedding ${index} is zero or not finite`);
    out[index] = vector;
  }
  return out as Float32Array[];
}
