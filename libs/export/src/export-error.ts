/** Why an export failed; callers branch on these, never on message text. */
export enum ExportErrorCode {
  /** A patch is not a unified diff, or is one this package cannot reverse (binary, copy). */
  BAD_PATCH = "BAD_PATCH",
  /** An instance record or a summary is missing something the files need. */
  INVALID_ARGUMENT = "INVALID_ARGUMENT",
}

/** The one error type of `@tracegen/export`. */
export class ExportError extends Error {
  override readonly name = "ExportError";

  constructor(
    readonly code: ExportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
