import type { Logger } from "@tracegen/log";
import { silentLogger } from "@tracegen/log";
import { type BwrapSandboxOptions, createBwrapSandbox } from "./bwrap-sandbox.js";
import { connectDocker, hasImage } from "./docker-client.js";
import { createDockerSandbox, type DockerSandboxOptions } from "./docker-sandbox.js";
import { DEFAULT_IMAGE } from "./run-spec.js";
import { SandboxError, SandboxErrorCode } from "./sandbox-error.js";
import type { Sandbox } from "./types.js";

/** Which driver {@link openSandbox} uses; "auto" prefers Docker. */
export type SandboxKind = "docker" | "bwrap" | "auto";

/** Options of {@link openSandbox}: per-driver options plus a logger for both. */
export interface OpenSandboxOptions {
  logger?: Logger;
  docker?: Omit<DockerSandboxOptions, "logger">;
  bwrap?: Omit<BwrapSandboxOptions, "logger">;
  /** The image "auto" requires before choosing Docker; default tracegen/base:bookworm. */
  image?: string;
}

/**
 * Opens a sandbox of the given kind. "auto" uses Docker when a daemon answers and has the
 * base image, else bubblewrap; when neither works it rejects with UNAVAILABLE naming both
 * reasons.
 */
export async function openSandbox(kind: SandboxKind, options: OpenSandboxOptions = {}): Promise<Sandbox> {
  const logger = options.logger ?? silentLogger();
  const dockerOptions = { ...options.docker, logger };
  const bwrapOptions = { ...options.bwrap, logger };
  if (kind === "docker") return createDockerSandbox(dockerOptions);
  if (kind === "bwrap") return createBwrapSandbox(bwrapOptions);
  let dockerReason: string;
  try {
    const image = options.image ?? DEFAULT_IMAGE;
    const docker = await connectDocker(options.docker?.socketPath);
    if (await hasImage(docker, image)) return await createDockerSandbox(dockerOptions);
    dockerReason = `image ${image} is missing (infra/images/build-base.sh builds it)`;
  } catch (error) {
    dockerReason = error instanceof Error ? error.message : String(error);
  }
  logger.info({ reason: dockerReason }, "Docker not usable, trying bwrap");
  try {
    return await createBwrapSandbox(bwrapOptions);
  } catch (error) {
    const bwrapReason = error instanceof Error ? error.message : String(error);
    throw new SandboxError(
      SandboxErrorCode.UNAVAILABLE,
      `no sandbox works here: Docker: ${dockerReason}; bwrap: ${bwrapReason}`,
      { cause: error },
    );
  }
}
