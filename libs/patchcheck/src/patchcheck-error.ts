/** Why applying a patch could not even be attempted cleanly; callers branch on these. */
export enum PatchCheckErrorCode {
  /** `applyPatchCascade` was given a patch that `checkPatch` refuses; the message says why. */
  PATCH_REFUSED = "PATCH_REFUSED",
  /** The working directory does not exist or is not a directory. */
  WORKDIR_MISSING = "WORKDIR_MISSING",
  /** `git` or `patch` could not be started. */
  TOOL_MISSING = "TOOL_MISSING",
  /** The directory could not be put back as it was after a failed attempt (or snapshotted before). */
  RESTORE_FAILED = "RESTORE_FAILED",
}

/** The one error type of `@tracegen/patchcheck`: a code to branch on and a message for humans. */
export class PatchCheckError extends Error {
  override readonly name = "PatchCheckError";

  constructor(
    readonly code: PatchCheckErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
