/** The validation service: environments, baselines, coverage maps and verdicts from sandboxed test runs. */
export { type BlobStore, createFileBlobStore } from "./blob-store.js";
export { loadValidationConfig, type ValidationConfig, ValidationConfigError } from "./config.js";
export { ValidationError } from "./context.js";
export type { Environment } from "./environment.js";
export {
  createGrader,
  type Grade,
  type GradeInput,
  type Grader,
  type TestSplit,
} from "./grade-prediction.js";
export {
  defaultProfile,
  type EnvironmentProfile,
  ProfileError,
  parseProfile,
  profileHash,
} from "./profile.js";
export { findStoredProfile, type ProfileOrigin, storeProfile } from "./profile-store.js";
export type { Mismatch, SeedCheck } from "./seed-check.js";
export type { VerdictRecord } from "./validate-candidate.js";
export {
  createValidationCore,
  type ReadyEnvironment,
  type ValidationCore,
  type ValidationCoreOptions,
} from "./validation-core.js";
export { validationGrpcImpl } from "./validation-grpc.js";
export { type RunningValidationService, startValidationService } from "./validation-service.js";
export type { Verdict, VerdictKind, VerdictReason } from "./verdict.js";
