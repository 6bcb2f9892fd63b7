/** Per-test results of a pytest run: JUnit XML and `-rA` summary parsing, declared-id matching. */
export { matchTestIds } from "./match-test-ids.js";
export type { PathHints } from "./module-path.js";
export { type ParseJunitOptions, parseJunitXml } from "./parse-junit-xml.js";
export { parsePytestReport } from "./parse-pytest-report.js";
export { type RunSummary, runSummary } from "./run-summary.js";
export { mergeResults, TEST_STATUSES, type TestResult, type TestStatus } from "./test-result.js";
export { TestResultsError, TestResultsErrorCode } from "./testresults-error.js";
