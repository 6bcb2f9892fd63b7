/** What went wrong in a retrieval call; the gRPC edge and the CLI map these deliberately. */
export enum RetrievalErrorCode {
  /** No such snapshot, seed or unit. */
  NotFound = "NOT_FOUND",
  /** The request cannot be answered as asked: an empty query, a malformed unit id, a bad k. */
  BadInput = "BAD_INPUT",
  /** The snapshot (or the seed's snapshot) has not been indexed yet: run IndexSnapshot first. */
  NotIndexed = "NOT_INDEXED",
  /** The seed has nothing to search with: no trace, or no changed function, method or class. */
  NoQueryUnit = "NO_QUERY_UNIT",
  /** The embedder failed in a way parking cannot help (a rejected request, a bad response). */
  Embedder = "EMBEDDER",
}

/** The one error class of the retrieval service. */
export class RetrievalError extends Error {
  override readonly name = "RetrievalError";
  constructor(
    readonly code: RetrievalErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
