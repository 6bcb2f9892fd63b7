/** Why writing a statement failed; callers branch on these, never on message text. */
export enum StatementErrorCode {
  /** The provider says the account has no quota left (`insufficient_quota`): park the work, do not retry. */
  QUOTA = "QUOTA",
  /** The provider rejected the request (a 4xx other than 429): bad model, bad key, prompt too long, ... */
  REQUEST = "REQUEST",
  /** Rate limits, 5xx answers or connection failures persisted through every retry. */
  UNAVAILABLE = "UNAVAILABLE",
  /** The provider answered 2xx with something that is not a chat completion. */
  BAD_RESPONSE = "BAD_RESPONSE",
  /** The caller's AbortSignal fired. */
  ABORTED = "ABORTED",
  /** An option or an input is invalid. */
  INVALID_ARGUMENT = "INVALID_ARGUMENT",
}

/** The one error type of `@tracegen/statement`: a code to branch on and a message for humans. */
export class StatementError extends Error {
  override readonly name = "StatementError";

  constructor(
    readonly code: StatementErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
