/** Why the pipeline or an evaluation refused to run; callers branch on the code. */
export type PipelineErrorCode = "BAD_INPUT" | "NOT_FOUND";

/** The one error class of `@tracegen/pipeline`: bad requests, unreadable predictions, unknown instances. */
export class PipelineError extends Error {
  override readonly name = "PipelineError";
  constructor(
    readonly code: PipelineErrorCode,
    message: string,
  ) {
    super(message);
  }
}
