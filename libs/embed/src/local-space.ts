/** Version of the local embedder's features; changes whenever the same text would map differently. */
export const LOCAL_FEATURE_VERSION = 1;

/** Bits of a feature hash used for its document-frequency slot. */
export const DF_SLOT_BITS = 20;

/** The vector coordinate of a finalised feature hash: its low 10 bits. */
export function bucketOf(key: number): number {
  return key & 1023;
}

/** The sign a feature adds with (bit 10), which makes hash collisions cancel out on average. */
export function signOf(key: number): 1 | -1 {
  return key & 1024 ? -1 : 1;
}

/** The document-frequency slot of a finalised feature hash: its top 20 bits, independent of bucket and sign. */
export function dfSlot(key: number): number {
  return key >>> (32 - DF_SLOT_BITS);
}

/** BM25's IDF (always positive): `ln(1 + (N − df + 0.5) / (df + 0.5))`. */
export function bm25Idf(documentCount: number, df: number): number {
  const d = Math.min(df, documentCount);
  return Math.log(1 + (documentCount - d + 0.5) / (d + 0.5));
}
