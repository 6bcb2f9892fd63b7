/** Why a test report could not be read; callers branch on these, never on message text. */
export enum TestResultsErrorCode {
  /** The text is not well-formed XML. */
  BAD_XML = "BAD_XML",
  /** Well-formed XML, but neither `<testsuites>` nor `<testsuite>` at the root. */
  NOT_JUNIT = "NOT_JUNIT",
}

/** The one error type of `@tracegen/testresults`: a code to branch on and a message for humans. */
export class TestResultsError extends Error {
  override readonly name = "TestResultsError";

  constructor(
    readonly code: TestResultsErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
