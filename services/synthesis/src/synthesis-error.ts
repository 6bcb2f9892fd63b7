/** Why synthesis refused a request. */
export type SynthesisErrorCode = "NOT_FOUND" | "FAILED_PRECONDITION" | "INVALID_ARGUMENT";

/** The synthesis boundary's one error class; the gRPC edge maps its code to a status. */
export class SynthesisError extends Error {
  override readonly name = "SynthesisError";
  constructor(
    readonly code: SynthesisErrorCode,
    message: string,
  ) {
    super(message);
  }
}
