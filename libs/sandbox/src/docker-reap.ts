import { rm } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname } from "node:path";
import type { Logger } from "@tracegen/log";
import { silentLogger } from "@tracegen/log";
import type Docker from "dockerode";
import { connectDocker, errorText, statusCode } from "./docker-client.js";
import { OWNER_HOST_LABEL, OWNER_PID_LABEL, SANDBOX_LABEL } from "./docker-config.js";
import { processAlive } from "./process-state.js";
import { COPY_PARENT_PATTERN } from "./repo-copy.js";

/** Options of {@link reapOrphans}. */
export interface ReapOrphansOptions {
  /** A connected client; otherwise one is made for `socketPath`. */
  docker?: Docker;
  socketPath?: string;
  /** Only containers with this sandbox label are considered. Default "default". */
  label?: string;
  /** Containers older than this are removed even when their owner cannot be checked (another host). Default 1 hour. */
  staleAfterMs?: number;
  logger?: Logger;
}

/**
 * Removes sandbox containers left behind by a process that died mid-run (SIGKILL, OOM, a
 * node crash), with their host-side repo copies. A container is an orphan when its owner
 * ran on this host and that pid is gone, or when it is older than `staleAfterMs`. Containers
 * of live owners (this process included) are left alone, so two workers can share a daemon.
 * Returns the ids removed.
 */
export async function reapOrphans(options: ReapOrphansOptions = {}): Promise<string[]> {
  const docker = options.docker ?? (await connectDocker(options.socketPath));
  const logger = options.logger ?? silentLogger();
  const label = options.label ?? "default";
  const staleAfterMs = options.staleAfterMs ?? 60 * 60 * 1000;
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [`${SANDBOX_LABEL}=${label}`] },
  });
  const removed: string[] = [];
  for (const info of containers) {
    const ageMs = Date.now() - info.Created * 1000;
    if (!isOrphan(info.Labels, ageMs, staleAfterMs)) continue;
    try {
      await docker.getContainer(info.Id).remove({ force: true, v: true });
    } catch (error) {
      if (statusCode(error) !== 404) {
        logger.warn({ containerId: info.Id, err: errorText(error) }, "cannot remove orphan container");
        continue;
      }
    }
    removed.push(info.Id);
    const sameHost = info.Labels[OWNER_HOST_LABEL] === hostname();
    for (const mount of info.Mounts ?? []) {
      if (sameHost && mount.Destination === "/work" && isOwnCopy(mount.Source)) {
        await rm(dirname(mount.Source), { recursive: true, force: true }).catch(() => {});
      }
    }
    logger.info({ containerId: info.Id, ownerPid: info.Labels[OWNER_PID_LABEL] }, "removed orphan container");
  }
  return removed;
}

function isOrphan(labels: Record<string, string>, ageMs: number, staleAfterMs: number): boolean {
  if (ageMs > staleAfterMs) return true;
  if (labels[OWNER_HOST_LABEL] !== hostname()) return false;
  const pid = Number(labels[OWNER_PID_LABEL]);
  return !Number.isInteger(pid) || pid <= 0 || !processAlive(pid);
}

/** Only directories this library made (`<tmp>/tracegen-run-XXXXXX/work`) are ever deleted. */
function isOwnCopy(source: string): boolean {
  return basename(source) === "work" && COPY_PARENT_PATTERN.test(basename(dirname(source)));
}
