export { baseImageTag } from "./base-image-tag.js";
export { DEFAULT_READ_ONLY_PATHS } from "./bwrap-args.js";
export { type BwrapSandboxOptions, createBwrapSandbox, DEFAULT_BWRAP_USER } from "./bwrap-sandbox.js";
export { DEFAULT_DOCKER_SOCKET } from "./docker-client.js";
export { OWNER_HOST_LABEL, OWNER_PID_LABEL, SANDBOX_LABEL } from "./docker-config.js";
export { BUILD_BASE_SCRIPT, IMAGE_KIND_LABEL } from "./docker-images.js";
export { type ReapOrphansOptions, reapOrphans } from "./docker-reap.js";
export { createDockerSandbox, type DockerSandboxOptions } from "./docker-sandbox.js";
export { WARM_LABEL } from "./docker-warm.js";
export { type OpenSandboxOptions, openSandbox, type SandboxKind } from "./open-sandbox.js";
export { DEFAULT_IMAGE, DEFAULT_LIMITS } from "./run-spec.js";
export { SandboxError, SandboxErrorCode } from "./sandbox-error.js";
export type {
  RunLimits,
  RunResult,
  RunSpec,
  Sandbox,
  SandboxImages,
  TreeImageInfo,
  WarmRunSpec,
  WarmWorkerSpec,
} from "./types.js";
