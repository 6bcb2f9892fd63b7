import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic-write.js";
import { type InstanceRecord, instanceRow } from "./instance-record.js";
import { type RenderReportOptions, renderReport } from "./render-report.js";
import type { RunSummary } from "./run-summary.js";

/** Where {@link writeExports} put the files. */
export interface ExportPaths {
  instancesPath: string;
  summaryPath: string;
  reportPath: string;
}

/**
 * Writes a run's dataset files into `dir` (created if missing): `instances.jsonl` (one
 * {@link instanceRow} per line), `summary.json` and `report.html` (with the first instances
 * as examples). Each file is written atomically, so a crash leaves the previous version or
 * the new one, never half a file; rows are all built before anything is written, so a bad
 * record changes no file.
 */
export async function writeExports(
  dir: string,
  instances: InstanceRecord[],
  summary: RunSummary,
  options: RenderReportOptions = {},
): Promise<ExportPaths> {
  const rows = instances.map((instance) => `${JSON.stringify(instanceRow(instance))}\n`);
  const report = renderReport(summary, instances, options);
  await mkdir(dir, { recursive: true });
  const paths = {
    instancesPath: join(dir, "instances.jsonl"),
    summaryPath: join(dir, "summary.json"),
    reportPath: join(dir, "report.html"),
  };
  await writeFileAtomic(paths.instancesPath, rows);
  await writeFileAtomic(paths.summaryPath, [`${JSON.stringify(summary, null, 2)}\n`]);
  await writeFileAtomic(paths.reportPath, [report]);
  return paths;
}
