/** Safety checks on candidate and gold patches, and SWE-bench's apply cascade. */
export {
  type ApplyCascadeOptions,
  type ApplyMethod,
  applyPatchCascade,
  type CascadeResult,
} from "./apply-cascade.js";
export {
  type CheckPatchOptions,
  checkPatch,
  DEFAULT_MAX_PATCH_BYTES,
  DEFAULT_MAX_PATCH_FILES,
  type PatchAccepted,
  type PatchCheck,
} from "./check-patch.js";
export { PatchCheckError, PatchCheckErrorCode } from "./patchcheck-error.js";
export type { PatchRefusal, PatchRefusalCode } from "./refusal.js";
