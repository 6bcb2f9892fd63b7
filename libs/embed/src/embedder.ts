/** The dimensionality of every TraceGen embedding. */
export const EMBEDDING_DIMENSIONS = 1024;

/**
 * Turns texts (code units) into 1024-d, L2-normalised vectors, one per text and in order, so
 * cosine similarity is a plain dot product. Implementations: the deterministic local hashed
 * embedder and an OpenAI-compatible HTTP client.
 */
export interface Embedder {
  /** Identifies the embedding space (model and version); vectors of different names never mix. */
  readonly name: string;
  readonly dimensions: 1024;
  /** Embeds `texts` in order; rejects with an `EmbedError`. */
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

/**
 * Scales `values` to unit L2 norm (accumulating in float64) into a new Float32Array; returns
 * `undefined` for an all-zero or non-finite vector, which cannot be normalised.
 */
export function l2Normalize(values: ArrayLike<number>): Float32Array | undefined {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    sum += v * v;
  }
  if (!(sum > 0) || !Number.isFinite(sum)) return undefined;
  const scale = 1 / Math.sqrt(sum);
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! * scale;
  return out;
}
