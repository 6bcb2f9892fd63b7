/** Process exit codes: success, failure, bad input, and "done, but some rows were rejected". */
export const ExitCode = {
  Ok: 0,
  /** Something broke that is not the caller's input (database down, a bug). */
  Failure: 1,
  /** The command cannot run on this input: usage, unreadable file, unknown seed, bad repo source. */
  BadInput: 2,
  /** The command ran; some rows were invalid, conflicting or unusable (see the output). */
  Partial: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error that ends the command with a chosen exit code and a one-line message. */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}
