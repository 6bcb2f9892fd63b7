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

/** A way to run commands in isolation: no network, non-root, limited, on a throwaway copy. */
export interface Sandbox {
  readonly kind: "docker" | "bwrap";
  /** Runs one command; rejects only with a {@link SandboxError} (a failing or killed command still resolves). */
  run(spec: RunSpec, signal?: AbortSignal): Promise<RunResult>;
  /** Kills runs in flight (they reject with CLOSED) and waits for their cleanup; later runs reject with CLOSED too. */
  close(): Promise<void>;
}
