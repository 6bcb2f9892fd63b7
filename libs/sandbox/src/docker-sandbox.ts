import type { Logger } from "@tracegen/log";
import { silentLogger } from "@tracegen/log";
import { connectDocker } from "./docker-client.js";
import { dockerImages } from "./docker-images.js";
import { reapOrphans } from "./docker-reap.js";
import { type DockerRunContext, runInDocker } from "./docker-run.js";
import { launchDockerWorker } from "./docker-warm.js";
import { managedSandbox } from "./managed-sandbox.js";
import { reapStaleCopies } from "./repo-copy.js";
import type { Sandbox } from "./types.js";
import { WarmPool } from "./warm-pool.js";

/** Options of {@link createDockerSandbox}. */
export interface DockerSandboxOptions {
  /** The daemon's Unix socket; default /var/run/docker.sock. */
  socketPath?: string;
  logger?: Logger;
  /** Value of the `tracegen.sandbox` label on this sandbox's containers; orphans are reaped per label. Default "default". */
  label?: string;
  /** Where repo copies are made (must be visible to the daemon); default the OS temp dir. */
  tmpRoot?: string;
  /** The script that builds base images with extra Debian packages; default infra/images/build-base.sh. */
  buildBaseScript?: string;
}

/**
 * A sandbox that runs each command in a fresh container of a local Docker daemon (see
 * `containerConfig` for the isolation). Connecting pings the daemon (UNAVAILABLE when none
 * answers) and removes containers and repo copies orphaned by crashed processes.
 */
export async function createDockerSandbox(options: DockerSandboxOptions = {}): Promise<Sandbox> {
  const logger = (options.logger ?? silentLogger()).child({ sandbox: "docker" });
  const label = options.label ?? "default";
  const docker = await connectDocker(options.socketPath);
  await reapOrphans({ docker, label, logger });
  await reapStaleCopies(options.tmpRoot);
  // As root the copy is handed to the image's `runner` (1000:1000); otherwise the container
  // runs as this user, so whatever the run leaves in the copy stays deletable.
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  const asRoot = uid === 0;
  const owner = asRoot ? { uid: 1000, gid: 1000 } : { uid, gid };
  const context = (closeSignal: AbortSignal): DockerRunContext => ({
    docker,
    logger,
    label,
    user: asRoot ? "1000:1000" : `${uid}:${gid}`,
    copyOwner: asRoot ? owner : undefined,
    tmpRoot: options.tmpRoot,
    closeSignal,
  });
  // Container-wide limits (cgroup, ulimits) hold for the warm worker's children as for a run.
  const warm = new WarmPool({
    launch: launchDockerWorker(context(new AbortController().signal)),
    logger,
    owner: asRoot ? owner : undefined,
    tmpRoot: options.tmpRoot,
    reportsOom: true,
    childLimits: () => ({}),
  });
  const sandbox = managedSandbox(
    "docker",
    (closeSignal) => {
      const ctx = context(closeSignal);
      return (spec, signal) => runInDocker(ctx, spec, signal);
    },
    warm,
  );
  const images = dockerImages({
    docker,
    logger,
    owner,
    ...(options.buildBaseScript ? { buildBaseScript: options.buildBaseScript } : {}),
  });
  return { ...sandbox, images };
}
