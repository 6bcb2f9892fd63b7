/** Why a vector index operation failed; callers branch on these, never on message text. */
export enum VectorIndexErrorCode {
  /** Wrong dimensions, a non-unit vector, a bad or duplicate key, k not a positive integer, ... */
  INVALID_ARGUMENT = "INVALID_ARGUMENT",
  /** No index file, or no manifest next to it. */
  NOT_FOUND = "NOT_FOUND",
  /** The index on disk does not match what its manifest, or the caller, expects: rebuild it. */
  STALE = "STALE",
  /** The manifest or index file cannot be read as one. */
  CORRUPT = "CORRUPT",
  /** The native library failed (out of memory, I/O error, ...). */
  INTERNAL = "INTERNAL",
}

/** The one error type of `@tracegen/vector-index`: a code to branch on and a message for humans. */
export class VectorIndexError extends Error {
  override readonly name = "VectorIndexError";

  constructor(
    readonly code: VectorIndexErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
