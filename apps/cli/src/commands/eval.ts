import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  type EvaluationSummary,
  evaluatePredictions,
  goldPredictions,
  PipelineError,
  parseInstances,
  parsePredictions,
} from "@tracegen/pipeline";
import { openSandbox, type SandboxKind } from "@tracegen/sandbox";
import { CliError, ExitCode } from "../exit-codes.js";
import type { Output } from "../output.js";
import type { Progress } from "../progress.js";
import type { Runtime } from "../runtime.js";

/** Flags of `tracegen eval`. */
export interface EvalFlags {
  instances: string;
  predictions: string;
  out: string;
  sandbox: string;
}

/** `tracegen eval --instances FILE --predictions FILE|gold --out DIR`: SWE-bench-style grading. */
export async function evaluate(
  runtime: Runtime,
  output: Output,
  progress: Progress,
  flags: EvalFlags,
): Promise<ExitCode> {
  const read = (path: string, what: string) =>
    readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new CliError(`cannot read ${what} ${path}: ${error.code ?? error.message}`, ExitCode.BadInput);
    });
  let summary: EvaluationSummary;
  try {
    const instances = parseInstances(await read(flags.instances, "instances"), flags.instances);
    const predictions =
      flags.predictions === "gold"
        ? goldPredictions(instances)
        : parsePredictions(await read(flags.predictions, "predictions"), flags.predictions);
    const sandbox = await openSandbox(flags.sandbox as SandboxKind, { logger: runtime.logger });
    try {
      summary = await evaluatePredictions(
        {
          db: runtime.database.db,
          sandbox,
          workDir: join(runtime.config.mirrorsDir, "..", "validation"),
          logger: runtime.logger,
          progress,
        },
        { instances, predictions, outDir: resolve(flags.out) },
      );
    } finally {
      await sandbox.close();
    }
  } catch (error) {
    if (error instanceof PipelineError) throw new CliError(error.message, ExitCode.BadInput);
    throw error;
  }
  output.result(summary, () =>
    [
      `submitted: ${summary.submitted_instances} of ${summary.total_instances} instances`,
      `resolved: ${summary.resolved_instances}, unresolved: ${summary.unresolved_instances}, empty patches: ${summary.empty_patch_instances}, errors: ${summary.error_instances}`,
      ...summary.error_ids.map((id) => `  error ${id}: ${summary.errors[id]}`),
      `reports: ${resolve(flags.out)}/<instance_id>/report.json, summary: ${join(resolve(flags.out), "summary.json")}`,
    ].join("\n"),
  );
  return summary.error_instances > 0 ? ExitCode.Partial : ExitCode.Ok;
}
