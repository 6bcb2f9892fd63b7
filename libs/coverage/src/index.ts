/** Per-test line coverage for Python repositories: the run plan, the compact map, test selection. */
export { CoverageMap } from "./coverage-map.js";
export { CoverageError, CoverageErrorCode } from "./errors.js";
export type { CoverageMapJson } from "./map-json.js";
export { parseCoverageMap } from "./parse-coverage-map.js";
export {
  type CoverageRunOptions,
  type CoverageRunPlan,
  coverageRunPlan,
  type PlanFile,
  RUN_SCRIPT,
} from "./run-plan.js";
export {
  type FileChange,
  type SelectionReason,
  type SelectOptions,
  selectTests,
  type TestSelection,
} from "./select-tests.js";
