/** The synthesis service: candidate bugs from seed-pattern transplants, procedural mutators and combinations. */
export type { CandidateRow } from "./candidates.repository.js";
export { candidateToProto } from "./candidates.repository.js";
export { loadSynthesisConfig, type SynthesisConfig, SynthesisConfigError } from "./config.js";
export type { StrategyName } from "./draft.js";
export { BEHAVIOUR_PRESERVING, DEFAULT_MUTATORS } from "./procedural.js";
export {
  NEIGHBOURS_K,
  type NeighbourHit,
  neighbourRank,
  type RetrievalTrace,
  retrievalApplicability,
} from "./retrieval-ranking.js";
export { loadSeedTraces, type SeedTrace } from "./seed-traces.js";
export {
  createSynthesisCore,
  type SynthesisCore,
  type SynthesisCoreOptions,
  type SynthesisSummary,
  type SynthesizeRequest,
} from "./synthesis-core.js";
export { SynthesisError, type SynthesisErrorCode } from "./synthesis-error.js";
export { synthesisGrpcImpl } from "./synthesis-grpc.js";
export { type RunningSynthesisService, startSynthesisService } from "./synthesis-service.js";
export { isTestPath, loadTargets, type TargetUnit } from "./targets.js";
export { transplantApplies } from "./transplant.js";
