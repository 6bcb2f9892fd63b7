import type { Logger } from "@tracegen/log";
import type Docker from "dockerode";
import { errorText, statusCode } from "./docker-client.js";
import { delay } from "./run-result.js";
import { SandboxError, SandboxErrorCode } from "./sandbox-error.js";

/** Creates the container; a missing image is IMAGE_NOT_FOUND with a hint, anything else RUN_FAILED. */
export async function createContainer(
  docker: Docker,
  config: Docker.ContainerCreateOptions,
  image: string,
): Promise<Docker.Container> {
  try {
    return await docker.createContainer(config);
  } catch (error) {
    if (statusCode(error) === 404) {
      throw new SandboxError(
        SandboxErrorCode.IMAGE_NOT_FOUND,
        `image ${image} is not present; build it with infra/images/build-base.sh`,
        { cause: error },
      );
    }
    throw new SandboxError(SandboxErrorCode.RUN_FAILED, `cannot create container: ${errorText(error)}`, {
      cause: error,
    });
  }
}

/** The container's exit code, waiting at most `limitMs` for the daemon to report it. */
export async function waitWithGrace(container: Docker.Container, limitMs: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new SandboxError(SandboxErrorCode.RUN_FAILED, "the Docker daemon did not report the exit")),
      limitMs,
    );
  });
  try {
    const body = (await Promise.race([container.wait(), gaveUp])) as { StatusCode?: unknown };
    return typeof body.StatusCode === "number" ? body.StatusCode : -1;
  } catch (error) {
    if (error instanceof SandboxError) throw error;
    throw new SandboxError(
      SandboxErrorCode.RUN_FAILED,
      `waiting for the container failed: ${errorText(error)}`,
      {
        cause: error,
      },
    );
  } finally {
    clearTimeout(timer);
  }
}

/** Removes a container whatever its state, retrying while the daemon is busy with it; never throws. */
export async function removeContainer(container: Docker.Container, logger: Logger): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await container.remove({ force: true, v: true });
      return;
    } catch (error) {
      if (statusCode(error) === 404) return;
      if (attempt === 5) {
        logger.error({ containerId: container.id, err: errorText(error) }, "cannot remove container");
        return;
      }
      await delay(100 * 2 ** attempt);
    }
  }
}
