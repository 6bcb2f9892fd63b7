/** Resource limits of one run; every field has a default (see {@link resolveLimits}). */
export interface RunLimits {
  /** Memory in MiB: the container's cgroup limit (no swap) under Docker, RLIMIT_AS under bwrap. Default 2048. */
  memoryMb?: number;
  /** Processes and threads: the container's pids limit under Docker, RLIMIT_NPROC under bwrap. Default 256. */
  pids?: number;
  /** CPUs (fractions allowed) under Docker; bwrap cannot enforce it. Default 1. */
  cpus?: number;
  /** Largest file the command may write, in MiB (RLIMIT_FSIZE; a bigger write fails with EFBIG). Default 1024. */
  fileMb?: number;
  /** Bytes kept of stdout and of stderr each (head and tail, the middle dropped). Default 4 MiB. */
  outputBytes?: number;
  /** Largest file `collect` reads back, in bytes; bigger files are left out. Default 64 MiB. */
  collectBytes?: number;
}

/** One command to run on a fresh copy of a repository. */
export interface RunSpec {
  /** Host directory holding the repository to test. The driver runs on a fresh writable COPY of it; the original is never modified. */
  repoDir: string;
  /** argv, run without a shell with the repo copy (`/work`) as working directory. */
  command: string[];
  /** Added to the sandbox's small default environment (PATH, HOME=/tmp, LANG); the host's is never passed on. */
  env?: Record<string, string>;
  /** Wall limit in milliseconds: the whole process tree is killed when it passes. */
  timeoutMs: number;
  limits?: RunLimits;
  /** Files (relative to the repo copy) to read back after the run, e.g. a JUnit XML report, .coverage */
  collect?: string[];
  /** Docker only; default `tracegen/base:bookworm`. */
  image?: string;
  /**
   * Docker only: `image` already holds the repository at /work (an environment image, see
   * {@link SandboxImages.ensureTree}) and differs from the wanted tree only in these paths
   * (relative to the repository root). Each is copied in from `repoDir` when it exists there
   * and deleted otherwise, so `repoDir` need hold only these paths. No host copy is made: the
   * run writes into the container's own throwaway layer. bwrap ignores it (and then needs the
   * whole tree in `repoDir`).
   */
  imageTree?: { changed: readonly string[] };
  /**
   * A host path that must not exist yet: after the run, the copy's tree (whatever the command
   * left in it) is copied there, symlinks as links. For a one-off preparation step such as a
   * profile's install commands; not with `imageTree`.
   */
  saveTreeTo?: string;
}

/** How a run ended and what it left behind. */
export interface RunResult {
  /** The command's exit status; a process killed by a signal inside shows as 128+n. Null when the sandbox was killed from outside (timeout). */
  exitCode: number | null;
  /** The signal that killed the sandbox from outside (timeout), e.g. "SIGKILL"; otherwise null. */
  signal: string | null;
  /** The wall limit passed and the run was killed. */
  timedOut: boolean;
  /** The kernel's OOM killer ended the run (Docker's cgroup; bwrap reports a MemoryError as a failing exit instead). */
  oomKilled: boolean;
  /** Output as UTF-8, capped at `limits.outputBytes` (head and tail kept). */
  stdout: string;
  stderr: string;
  /** The `collect` files that existed after the run, as regular files inside the copy, keyed by the requested path. */
  files: Map<string, Buffer>;
  /** Wall time of the command, from start to exit. */
  durationMs: number;
}

/** An environment image: a repository tree on a base image, labelled so it can be listed and reaped. */
export interface TreeImageInfo {
  image: string;
  /** The image's labels (the caller's, plus `tracegen.image=environment`). */
  labels: Record<string, string>;
  createdAt: Date;
}

/** Docker's images for environments; bwrap runs on the host's own system and has none. */
export interface SandboxImages {
  /**
   * The base image with these Debian packages added (`tracegen/base:bookworm-<hash>`); when
   * missing, infra/images/build-base.sh builds it with `debootstrap --include` (root, debootstrap
   * and a reachable Debian mirror needed). One build per package set, cached by the daemon.
   */
  ensureBase(packages: readonly string[]): Promise<string>;
  /**
   * An image holding `treeDir` at /work (owned by the sandbox user) on top of `base`, committed
   * once under `tag` with `labels`; an existing image of that tag is reused (`built: false`).
   */
  ensureTree(input: {
    tag: string;
    base: string;
    treeDir: string;
    labels: Record<string, string>;
  }): Promise<{ image: string; built: boolean }>;
  /** The environment images on the daemon (label `tracegen.image=environment`). */
  list(): Promise<TreeImageInfo[]>;
  /** Removes one environment image; a missing one is not an error. */
  remove(image: string): Promise<void>;
}

/**
 * The long-lived sandbox a warm run forks from (see {@link Sandbox.runWarm}): one per distinct
 * value of these fields, started on first use and reused.
 */
export interface WarmWorkerSpec {
  /** Host directory holding the whole tree; copied once per worker, mounted read-only, and copied afresh to /work for every run. */
  baseDir: string;
  /** Docker only: the image the worker runs (its /work is not used); default `tracegen/base:bookworm`. */
  image?: string;
  /** The interpreter the server runs with, e.g. `python3` (a name on the sandbox's PATH or a path). */
  python: string;
  /** Modules the server imports once; its children find them imported. Never the repository's own. */
  preload: readonly string[];
  /** The sandbox's environment (as {@link RunSpec.env}); fixed per worker, since the interpreter reads it at start. */
  env?: Record<string, string>;
  limits?: RunLimits;
}

/** One run in a forked child of a warm worker: the state of a fresh `python -c code args...` in a fresh copy at /work. */
export interface WarmRunSpec {
  worker: WarmWorkerSpec;
  /** Holds the `changed` paths that exist after the change; the rest of the tree is the worker's base. */
  repoDir: string;
  /** Paths (relative) that differ from the base: copied from `repoDir` when they exist there (regular files), deleted otherwise. */
  changed: readonly string[];
  /** Python source run by the child; it may call `__warm_continue__(args)` once to have the same code run again with `args` in another fresh child, on the same tree, its output discarded. */
  code: string;
  args: readonly string[];
  /** Wall limit of the whole run (every pass): the children are killed when it passes. */
  timeoutMs: number;
  /** Runs of the code per request, continuations included (default 1: none). */
  maxPasses?: number;
  /** Files (relative to the copy) to read back after the run. */
  collect?: string[];
}

/** A way to run commands in isolation: no network, non-root, limited, on a throwaway copy. */
export interface Sandbox {
  readonly kind: "docker" | "bwrap";
  /** Docker only: building and listing environment images. */
  readonly images?: SandboxImages;
  /** Runs one command; rejects only with a {@link SandboxError} (a failing or killed command still resolves). */
  run(spec: RunSpec, signal?: AbortSignal): Promise<RunResult>;
  /**
   * Runs Python code in a child forked from a warm worker of `spec.worker`, skipping the
   * sandbox start and the interpreter's imports; the isolation is the driver's (the worker is
   * one container or one bwrap, with the same limits), and whatever a run leaves (processes,
   * files in /work, /tmp, /var/tmp, /dev/shm, SysV IPC) is gone before the next starts. Rejects
   * with WORKER_LOST when the worker died or stopped answering during the run (it is replaced
   * for the next one): the caller decides whether to run the same thing with {@link run}.
   * Both drivers have it; a wrapper of a sandbox may leave it out.
   */
  runWarm?(spec: WarmRunSpec, signal?: AbortSignal): Promise<RunResult>;
  /** Kills runs in flight (they reject with CLOSED) and waits for their cleanup; later runs reject with CLOSED too. */
  close(): Promise<void>;
}
