import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Schema } from "@tracegen/db";
import { writeFileAtomic } from "@tracegen/export";
import { snapshotId } from "@tracegen/ingest";
import type { Logger } from "@tracegen/log";
import type { Sandbox } from "@tracegen/sandbox";
import { createGrader, type Grade } from "@tracegen/validation";
import type { Kysely } from "kysely";
import type { EvalInstance } from "./eval-instances.js";
import { PipelineError } from "./pipeline-error.js";
import type { Prediction } from "./predictions.js";
import { type Progress, silentProgress } from "./progress.js";

/** What grading needs: the database that holds the instances' snapshots, a sandbox, the validation work directory. */
export interface EvaluateDeps {
  db: Kysely<Schema>;
  sandbox: Sandbox;
  workDir: string;
  logger: Logger;
  progress?: Progress;
}

/** SWE-bench's per-instance report (the value under the instance id in report.json). */
export interface InstanceReport {
  patch_is_None: boolean;
  patch_exists: boolean;
  patch_successfully_applied: boolean;
  resolved: boolean;
  tests_status?: Record<
    "FAIL_TO_PASS" | "PASS_TO_PASS" | "FAIL_TO_FAIL" | "PASS_TO_FAIL",
    { success: string[]; failure: string[] }
  >;
}

/** The evaluation's summary.json, named as SWE-bench's run report. */
export interface EvaluationSummary {
  total_instances: number;
  submitted_instances: number;
  completed_instances: number;
  resolved_instances: number;
  unresolved_instances: number;
  empty_patch_instances: number;
  error_instances: number;
  submitted_ids: string[];
  completed_ids: string[];
  incomplete_ids: string[];
  resolved_ids: string[];
  unresolved_ids: string[];
  empty_patch_ids: string[];
  error_ids: string[];
  /** Why each errored instance could not be graded. */
  errors: Record<string, string>;
  schema_version: 2;
}

/** The gold predictions: every instance's own fix. */
export function goldPredictions(instances: readonly EvalInstance[]): Prediction[] {
  return instances.map((i) => ({ instanceId: i.instanceId, modelPatch: i.patch, modelName: "gold" }));
}

/**
 * Grades predictions the SWE-bench way: the instance's environment is its snapshot with the
 * bug patch applied; the model patch (then the test patch) goes on top; the F2P and P2P tests
 * run; resolved when all of them pass. Writes `<outDir>/<instance_id>/report.json` for every
 * prediction and `<outDir>/summary.json`. An empty prediction is not run (unresolved, listed
 * as empty); one whose instance is unknown, whose snapshot is not in the database or whose
 * own patches do not apply is an error, listed with its reason.
 */
export async function evaluatePredictions(
  deps: EvaluateDeps,
  request: { instances: readonly EvalInstance[]; predictions: readonly Prediction[]; outDir: string },
): Promise<EvaluationSummary> {
  const progress = deps.progress ?? silentProgress;
  const byId = new Map(request.instances.map((i) => [i.instanceId, i]));
  const grader = createGrader({
    db: deps.db,
    sandbox: deps.sandbox,
    workDir: deps.workDir,
    logger: deps.logger,
  });
  const summary: EvaluationSummary = {
    total_instances: request.instances.length,
    submitted_instances: request.predictions.length,
    completed_instances: 0,
    resolved_instances: 0,
    unresolved_instances: 0,
    empty_patch_instances: 0,
    error_instances: 0,
    submitted_ids: request.predictions.map((p) => p.instanceId).sort(),
    completed_ids: [],
    incomplete_ids: [],
    resolved_ids: [],
    unresolved_ids: [],
    empty_patch_ids: [],
    error_ids: [],
    errors: {},
    schema_version: 2,
  };
  const fail = (id: string, why: string) => {
    summary.error_ids.push(id);
    summary.errors[id] = why;
  };
  for (const id of request.predictions.map((p) => p.instanceId))
    if (!byId.has(id))
      throw new PipelineError("NOT_FOUND", `prediction for ${id}: no such instance in the instances file`);

  for (const [i, prediction] of request.predictions.entries()) {
    const instance = byId.get(prediction.instanceId) as EvalInstance;
    const id = instance.instanceId;
    progress.update("eval", i, request.predictions.length, id);
    const empty = prediction.modelPatch === null || prediction.modelPatch.trim() === "";
    let report: InstanceReport = {
      patch_is_None: prediction.modelPatch === null,
      patch_exists: !empty,
      patch_successfully_applied: false,
      resolved: false,
    };
    if (empty) {
      summary.empty_patch_ids.push(id);
    } else {
      const grade = await gradeOne(deps, grader, instance, prediction.modelPatch as string);
      if (grade.kind === "error") {
        fail(id, grade.detail);
      } else {
        report = { ...report, ...reportOf(grade) };
        summary.completed_ids.push(id);
        (grade.resolved ? summary.resolved_ids : summary.unresolved_ids).push(id);
      }
    }
    const dir = join(request.outDir, safeDirName(id));
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(join(dir, "report.json"), [`${JSON.stringify({ [id]: report }, null, 2)}\n`]);
  }
  progress.update("eval", request.predictions.length, request.predictions.length);
  progress.stop();
  const done = new Set([...summary.completed_ids, ...summary.empty_patch_ids]);
  summary.incomplete_ids = request.instances.map((i) => i.instanceId).filter((id) => !done.has(id));
  for (const key of [
    "completed_ids",
    "incomplete_ids",
    "resolved_ids",
    "unresolved_ids",
    "empty_patch_ids",
    "error_ids",
  ] as const)
    summary[key].sort();
  summary.completed_instances = summary.completed_ids.length;
  summary.resolved_instances = summary.resolved_ids.length;
  summary.unresolved_instances = summary.unresolved_ids.length;
  summary.empty_patch_instances = summary.empty_patch_ids.length;
  summary.error_instances = summary.error_ids.length;
  await mkdir(request.outDir, { recursive: true });
  await writeFileAtomic(join(request.outDir, "summary.json"), [`${JSON.stringify(summary, null, 2)}\n`]);
  return summary;
}

type GradeOrError = Grade | { kind: "error"; detail: string };

async function gradeOne(
  deps: EvaluateDeps,
  grader: ReturnType<typeof createGrader>,
  instance: EvalInstance,
  modelPatch: string,
): Promise<GradeOrError> {
  const snapshot = snapshotId(instance.repo, instance.baseCommit);
  const known = await deps.db
    .selectFrom("snapshots")
    .select("id")
    .where("id", "=", snapshot)
    .executeTakeFirst();
  if (!known)
    return {
      kind: "error",
      detail: `snapshot ${snapshot} is not in the database: import a seed of ${instance.repo} at ${instance.baseCommit} first`,
    };
  try {
    return await grader.grade(snapshot, {
      bugPatch: instance.bugPatch,
      testPatch: instance.testPatch,
      modelPatch,
      failToPass: instance.failToPass,
      passToPass: instance.passToPass,
    });
  } catch (error) {
    deps.logger.error({ instance: instance.instanceId, err: error }, "grading failed");
    return { kind: "error", detail: (error as Error).message };
  }
}

function reportOf(grade: Extract<Grade, { kind: "graded" }>): Partial<InstanceReport> {
  return {
    patch_successfully_applied: grade.patchApplied,
    resolved: grade.resolved,
    ...(grade.tests
      ? {
          tests_status: {
            FAIL_TO_PASS: grade.tests.FAIL_TO_PASS,
            PASS_TO_PASS: grade.tests.PASS_TO_PASS,
            FAIL_TO_FAIL: { success: [], failure: [] },
            PASS_TO_FAIL: { success: [], failure: [] },
          },
        }
      : {}),
  };
}

/** An instance id as a directory name: path separators and leading dots are replaced. */
function safeDirName(id: string): string {
  return id.replace(/[/\\]/g, "_").replace(/^\.+/, "_");
}
