/** The main job (`tracegen run`): seeds in, verified synthetic task instances out, resumable; and grading of predictions (`tracegen eval`). */
export {
  checkSharedDatabase,
  type DistributedServicesOptions,
  distributedServices,
} from "./distributed-services.js";
export { type EmbeddedServicesOptions, embeddedServices } from "./embedded-services.js";
export { type EvalInstance, parseInstances } from "./eval-instances.js";
export {
  type EvaluateDeps,
  type EvaluationSummary,
  evaluatePredictions,
  goldPredictions,
  type InstanceReport,
} from "./evaluate.js";
export { instanceIdOf } from "./instance-id.js";
export { PipelineError, type PipelineErrorCode } from "./pipeline-error.js";
export { type Prediction, parsePredictions } from "./predictions.js";
export { type Progress, silentProgress } from "./progress.js";
export type { RedoCounts } from "./redo.js";
export type { StatementWriter, Transients } from "./run-context.js";
export { type PipelineDeps, type RunRequest, type RunResult, runIdOf, runPipeline } from "./run-pipeline.js";
export type { IndexFigures, RetrievalPorts, RetrievalUse } from "./run-retrieval.js";
export type { PendingCandidate, RunServices, SeedSynthesis, ValidationDone } from "./run-services.js";
export type { SeedsInput } from "./stage-ingest.js";
export type { SynthesisPlan } from "./stage-synthesize.js";
export { parseRedoStages, REDO_STAGES, type RedoStage, STAGES, type Stage } from "./stages.js";
