/** Why a git operation failed; callers branch on these, never on message text. */
export enum GitErrorCode {
  /** A repo name, revision or object id is malformed (checked before git runs). */
  INVALID_ARGUMENT = "INVALID_ARGUMENT",
  /** A commit or tree-ish is not in the mirror. */
  COMMIT_MISSING = "COMMIT_MISSING",
  /** A blob asked for by id is not in the mirror. */
  OBJECT_MISSING = "OBJECT_MISSING",
  /** `git clone` failed (unreachable source, not a repository, bad bundle, ...). */
  CLONE_FAILED = "CLONE_FAILED",
  /** `git fetch` into an existing mirror failed. */
  FETCH_FAILED = "FETCH_FAILED",
  /** The mirror path exists but is not a bare repository. */
  MIRROR_CORRUPT = "MIRROR_CORRUPT",
  /** `git apply` rejected the patch at the given tree; the message is git's. */
  PATCH_DOES_NOT_APPLY = "PATCH_DOES_NOT_APPLY",
  /** The text is not a diff, or a hunk in it is malformed or truncated. */
  BAD_PATCH = "BAD_PATCH",
  /** git wrote more than the allowed output; the process was killed. */
  OUTPUT_TOO_LARGE = "OUTPUT_TOO_LARGE",
  /** git did not finish within the time limit; the process was killed. */
  TIMEOUT = "TIMEOUT",
  /** The caller's AbortSignal fired; the process was killed. */
  ABORTED = "ABORTED",
  /** The `git` executable could not be started. */
  GIT_NOT_FOUND = "GIT_NOT_FOUND",
  /** Any other non-zero exit of git. */
  GIT_FAILED = "GIT_FAILED",
}

/** The one error type of `@tracegen/git`: a code to branch on and a message for humans. */
export class GitError extends Error {
  override readonly name = "GitError";

  constructor(
    readonly code: GitErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
