/** Why a coverage operation failed; callers branch on these, never on message text. */
export enum CoverageErrorCode {
  /** The options of a run plan are unusable (empty test command, bad directory, ...). */
  INVALID_OPTIONS = "INVALID_OPTIONS",
  /** The map JSON from the extractor is not JSON or not in the expected shape. */
  INVALID_MAP = "INVALID_MAP",
  /** The bytes given to `CoverageMap.fromBinary` are truncated, corrupt or of another version. */
  INVALID_BINARY = "INVALID_BINARY",
}

/** The one error type of `@tracegen/coverage`: a code to branch on and a message for humans. */
export class CoverageError extends Error {
  override readonly name = "CoverageError";

  constructor(
    readonly code: CoverageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
