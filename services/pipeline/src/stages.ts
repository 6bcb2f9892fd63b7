import { PipelineError } from "./pipeline-error.js";

/** The stages of a run, in order. */
export const STAGES = ["ingest", "check", "synthesize", "validate", "statements", "export"] as const;
export type Stage = (typeof STAGES)[number];

/** Stages `--redo` can run again deliberately (ingest is idempotent by itself). */
export const REDO_STAGES = ["check", "synthesize", "validate", "statements", "export"] as const;
export type RedoStage = (typeof REDO_STAGES)[number];

/** Checks `--redo` values; an unknown stage is bad input naming the known ones. */
export function parseRedoStages(values: readonly string[]): RedoStage[] {
  const out: RedoStage[] = [];
  for (const value of values
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean)) {
    if (!(REDO_STAGES as readonly string[]).includes(value))
      throw new PipelineError(
        "BAD_INPUT",
        `--redo: unknown stage "${value}" (known: ${REDO_STAGES.join(", ")})`,
      );
    if (!out.includes(value as RedoStage)) out.push(value as RedoStage);
  }
  return out;
}
