import { type Duplex, PassThrough } from "node:stream";
import { CappedOutput } from "./capped-output.js";
import { errorText } from "./docker-client.js";
import { containerConfig } from "./docker-config.js";
import { createContainer, removeContainer } from "./docker-container.js";
import type { DockerRunContext } from "./docker-run.js";
import { DEFAULT_IMAGE, sandboxEnv } from "./run-spec.js";
import { SandboxError, SandboxErrorCode } from "./sandbox-error.js";
import { type LaunchWorker, WARM_BASE_MOUNT, type WorkerProcess } from "./warm-worker.js";

/** Label of a warm worker's container (besides the sandbox's own labels, which the reaper uses). */
export const WARM_LABEL = "tracegen.warm";

/**
 * A warm worker in one container: the same isolation as a run's container (no network, the
 * non-root user, no capabilities, no-new-privileges, memory / pids / CPU / file-size limits,
 * a read-only root with tmpfs /tmp and /var/tmp), the worker's base mounted read-only and its
 * /work read-write, the server on an attached stdin. Removed when killed; an orphan is reaped
 * like any run's container.
 */
export function launchDockerWorker(ctx: DockerRunContext): LaunchWorker {
  return async ({ spec, limits, dirs, command }) => {
    const image = spec.image ?? DEFAULT_IMAGE;
    const config = containerConfig({
      image,
      command,
      env: sandboxEnv({ repoDir: dirs.work, command, timeoutMs: 1, ...(spec.env ? { env: spec.env } : {}) }),
      limits,
      copyDir: dirs.work,
      user: ctx.user,
      label: ctx.label,
    });
    config.AttachStdin = true;
    config.OpenStdin = true;
    config.StdinOnce = false;
    config.Labels = { ...config.Labels, [WARM_LABEL]: "1" };
    const host = config.HostConfig ?? {};
    host.Binds = [...(host.Binds ?? []), `${dirs.base}:${WARM_BASE_MOUNT}:ro`];
    host.Tmpfs = { ...host.Tmpfs, "/var/tmp": "rw,nosuid,nodev,size=64m" };
    config.HostConfig = host;
    const container = await createContainer(ctx.docker, config, image);
    const kill = once(async () => {
      await container.kill({ signal: "SIGKILL" }).catch(() => {});
      await removeContainer(container, ctx.logger);
    });
    try {
      const stream = (await container.attach({
        stream: true,
        stdin: true,
        stdout: true,
        stderr: true,
        hijack: true,
      })) as unknown as Duplex;
      stream.on("error", () => {}); // a write after the container is gone; the end is seen below
      const output = new PassThrough();
      const errors = new CappedOutput(64 * 1024);
      ctx.docker.modem.demuxStream(stream, output, errors);
      const ended = new Promise<void>((resolve) => {
        stream.once("end", resolve);
        stream.once("close", resolve);
        stream.once("error", () => resolve());
      });
      void ended.then(() => output.end());
      await container.start();
      const gone = Promise.race([container.wait().then(() => {}), ended]).catch(() => {});
      return {
        input: stream,
        output,
        errors,
        gone,
        kill: async () => {
          stream.destroy();
          await kill();
        },
      } satisfies WorkerProcess;
    } catch (error) {
      await kill();
      if (error instanceof SandboxError) throw error;
      throw new SandboxError(
        SandboxErrorCode.RUN_FAILED,
        `cannot start the warm worker: ${errorText(error)}`,
        {
          cause: error,
        },
      );
    }
  };
}

function once(action: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= action());
}
