/** Why an embedding operation failed; callers branch on these, never on message text. */
export enum EmbedErrorCode {
  /** The provider says the account has no quota left (`insufficient_quota`); park the work, do not retry. */
  QUOTA = "QUOTA",
  /** The provider rejected the request (a 4xx other than 429): bad model, bad key, input too long, ... */
  REQUEST = "REQUEST",
  /** Rate limits, 5xx answers or connection failures persisted through every retry. */
  UNAVAILABLE = "UNAVAILABLE",
  /** The provider answered 2xx but with the wrong number of vectors, wrong dimensions or a zero vector. */
  BAD_RESPONSE = "BAD_RESPONSE",
  /** The caller's AbortSignal fired. */
  ABORTED = "ABORTED",
  /** An option or argument is invalid (batch size, corpus statistics bytes, ...). */
  INVALID_ARGUMENT = "INVALID_ARGUMENT",
}

/** The one error type of `@tracegen/embed`: a code to branch on and a message for humans. */
export class EmbedError extends Error {
  override readonly name = "EmbedError";

  constructor(
    readonly code: EmbedErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
