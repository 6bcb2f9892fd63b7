import Docker from "dockerode";
import { SandboxError, SandboxErrorCode } from "./sandbox-error.js";

/** The daemon socket used when no path is given (DOCKER_HOST is deliberately not read). */
export const DEFAULT_DOCKER_SOCKET = "/var/run/docker.sock";

/**
 * Connects to a local Docker daemon and checks it answers a ping within `timeoutMs`;
 * rejects with UNAVAILABLE otherwise. Runs bind-mount host directories, so the daemon must
 * share this host's filesystem.
 */
export async function connectDocker(socketPath = DEFAULT_DOCKER_SOCKET, timeoutMs = 3000): Promise<Docker> {
  const docker = new Docker({ socketPath });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([docker.ping(), timeout]);
    return docker;
  } catch (error) {
    throw new SandboxError(
      SandboxErrorCode.UNAVAILABLE,
      `no Docker daemon answers on ${socketPath}: ${errorText(error)}`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}

/** True when the image is present on the daemon. */
export async function hasImage(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (error) {
    if (statusCode(error) === 404) return false;
    throw new SandboxError(
      SandboxErrorCode.RUN_FAILED,
      `cannot inspect image ${image}: ${errorText(error)}`,
      {
        cause: error,
      },
    );
  }
}

/** The HTTP status of a docker-modem error, if it has one. */
export function statusCode(error: unknown): number | undefined {
  const code = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === "number" ? code : undefined;
}

/** A short message for a docker-modem error (its JSON body's message when there is one). */
export function errorText(error: unknown): string {
  const json = (error as { json?: { message?: unknown } } | null)?.json;
  if (typeof json?.message === "string") return json.message;
  return error instanceof Error ? error.message : String(error);
}
