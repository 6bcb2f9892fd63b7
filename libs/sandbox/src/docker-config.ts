import { hostname } from "node:os";
import type Docker from "dockerode";
import type { ResolvedLimits } from "./run-spec.js";

/** Label every sandbox container carries; its value is the sandbox's label (default "default"). */
export const SANDBOX_LABEL = "tracegen.sandbox";
/** Label with the pid of the process that created the container, for {@link reapOrphans}. */
export const OWNER_PID_LABEL = "tracegen.owner-pid";
/** Label with the hostname of that process (a pid means nothing on another host). */
export const OWNER_HOST_LABEL = "tracegen.owner-host";

/** Where a run on an environment image sees its changed files (read-only) before copying them into /work. */
export const CHANGES_MOUNT = "/tracegen/changes";

/** What a container for one run needs beyond the spec. */
export interface ContainerInput {
  image: string;
  command: string[];
  env: Record<string, string>;
  limits: ResolvedLimits;
  /**
   * Host directory bind-mounted read-write at /work; undefined when the image holds the tree
   * at /work itself (an environment image): the container then writes to its own layer.
   */
  copyDir: string | undefined;
  /** With an environment image: the host directory holding the changed files, mounted read-only at {@link CHANGES_MOUNT}. */
  changesDir?: string | undefined;
  /** "uid:gid" the command runs as. */
  user: string;
  label: string;
}

/**
 * The container of one run: no network, a non-root user, no capabilities, no privilege
 * escalation, memory (without swap), pids, CPU and file-size limits, a read-only root with a tmpfs /tmp,
 * and the repo copy at /work. Output goes to the attach stream only (no log files to fill a
 * disk). Removal is done by the caller, not AutoRemove, so it can always be awaited.
 *
 * With an environment image (no `copyDir`) /work is the image's own tree, so the root file
 * system stays writable: the container's copy-on-write layer is the fresh copy, thrown away
 * with the container, and the image is never modified. System directories stay closed to the
 * non-root user by their permissions; /tmp and /var/tmp are size-limited tmpfs as before.
 */
export function containerConfig(input: ContainerInput): Docker.ContainerCreateOptions {
  const memoryBytes = Math.round(input.limits.memoryMb * 1024 * 1024);
  const fileBytes = Math.floor(input.limits.fileMb * 1024 * 1024);
  const tmpMb = Math.max(64, Math.floor(input.limits.memoryMb / 2));
  return {
    Image: input.image,
    Cmd: input.command,
    Entrypoint: [],
    Env: Object.entries(input.env).map(([name, value]) => `${name}=${value}`),
    WorkingDir: "/work",
    User: input.user,
    Hostname: "sandbox",
    NetworkDisabled: true,
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    OpenStdin: false,
    Labels: {
      [SANDBOX_LABEL]: input.label,
      [OWNER_PID_LABEL]: String(process.pid),
      [OWNER_HOST_LABEL]: hostname(),
    },
    HostConfig: {
      NetworkMode: "none",
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
      ReadonlyRootfs: input.copyDir !== undefined,
      Tmpfs: {
        "/tmp": `rw,nosuid,nodev,size=${tmpMb}m`,
        ...(input.copyDir === undefined ? { "/var/tmp": "rw,nosuid,nodev,size=64m" } : {}),
      },
      Binds:
        input.copyDir !== undefined
          ? [`${input.copyDir}:/work:rw`]
          : input.changesDir !== undefined
            ? [`${input.changesDir}:${CHANGES_MOUNT}:ro`]
            : [],
      Memory: memoryBytes,
      MemorySwap: memoryBytes,
      PidsLimit: Math.floor(input.limits.pids),
      NanoCpus: Math.round(input.limits.cpus * 1e9),
      Ulimits: [
        { Name: "core", Soft: 0, Hard: 0 },
        { Name: "fsize", Soft: fileBytes, Hard: fileBytes },
      ],
      // tini as pid 1 reaps orphans (a fork bomb's zombies would otherwise hold pids).
      Init: true,
      AutoRemove: false,
      LogConfig: { Type: "none", Config: {} },
    },
  };
}
