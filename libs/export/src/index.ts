/** Dataset files of a run: SWE-bench style instances.jsonl, summary.json and a self-contained report.html. */
export { writeFileAtomic } from "./atomic-write.js";
export { ExportError, ExportErrorCode } from "./export-error.js";
export { type InstanceRecord, instanceRow } from "./instance-record.js";
export { type RenderReportOptions, renderReport } from "./render-report.js";
export { reversePatch } from "./reverse-patch.js";
export {
  emptyRunSummary,
  type RunRetrieval,
  type RunSummary,
  type StageCounts,
  type TransplantRanking,
  validShare,
  type YieldCounts,
} from "./run-summary.js";
export { type ExportPaths, writeExports } from "./write-exports.js";
