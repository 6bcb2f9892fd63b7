/** Why a sandbox operation failed; callers branch on these, never on message text. */
export enum SandboxErrorCode {
  /** The RunSpec is malformed: empty command, missing repoDir, a `collect` path leaving the repo. */
  INVALID_SPEC = "INVALID_SPEC",
  /** No driver can run here: no Docker daemon answers, bwrap is missing or user namespaces are off. */
  UNAVAILABLE = "UNAVAILABLE",
  /** The Docker image named by the spec (or the default base image) is not present. */
  IMAGE_NOT_FOUND = "IMAGE_NOT_FOUND",
  /** The caller's AbortSignal fired; the run was killed and cleaned up. */
  ABORTED = "ABORTED",
  /** `run` was called after `close`. */
  CLOSED = "CLOSED",
  /** Copying the repository, starting the sandbox or talking to the daemon failed. */
  RUN_FAILED = "RUN_FAILED",
  /** A warm worker died or stopped answering during a run (a run may have killed it): nothing of the run is reported. */
  WORKER_LOST = "WORKER_LOST",
}

/** The one error type of `@tracegen/sandbox`: a code to branch on and a message for humans. */
export class SandboxError extends Error {
  override readonly name = "SandboxError";

  constructor(
    readonly code: SandboxErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
