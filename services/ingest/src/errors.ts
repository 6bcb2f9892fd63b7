/** What went wrong in an ingest call; the gRPC edge and the CLI map these deliberately. */
export enum IngestErrorCode {
  /** The caller's input is wrong (a document that is not seeds, a repo source that does not exist). */
  BadInput = "BAD_INPUT",
  NotFound = "NOT_FOUND",
}

/** The one error class of the ingest service. */
export class IngestError extends Error {
  override readonly name = "IngestError";
  constructor(
    readonly code: IngestErrorCode,
    message: string,
  ) {
    super(message);
  }
}
