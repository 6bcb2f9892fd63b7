import { lstatSync, readlinkSync } from "node:fs";
import type { ResolvedLimits } from "./run-spec.js";

/** Top-level host paths the sandbox sees read-only; everything else (/home, /root, /tmp, /run, /mnt, ...) is absent. */
export const DEFAULT_READ_ONLY_PATHS = [
  "/usr",
  "/bin",
  "/sbin",
  "/lib",
  "/lib32",
  "/lib64",
  "/libx32",
  "/etc",
  "/opt",
  "/var",
  "/sys",
];

/** How the host's read-only paths are rebuilt inside: bind mounts, and symlinks kept as symlinks (merged /usr). */
export type HostEntry = { kind: "ro-bind"; path: string } | { kind: "symlink"; path: string; target: string };

/** Looks the given host paths up once; missing ones are dropped. */
export function hostLayout(paths: readonly string[]): HostEntry[] {
  const entries: HostEntry[] = [];
  for (const path of paths) {
    try {
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) entries.push({ kind: "symlink", path, target: readlinkSync(path) });
      else if (stat.isDirectory()) entries.push({ kind: "ro-bind", path });
    } catch {}
  }
  return entries;
}

/** What one bwrap invocation needs. */
export interface BwrapArgsInput {
  layout: readonly HostEntry[];
  copyDir: string;
  limits: ResolvedLimits;
  command: readonly string[];
  /** File descriptor bwrap reports the child's start and exit on (JSON documents). */
  statusFd: number;
  /** More host directories shown read-only, each at its own path inside (a warm worker's base). */
  readOnlyBinds?: readonly { source: string; dest: string }[];
  /** False: the command sets its rlimits itself (a warm worker's server, per child). Default true. */
  prlimit?: boolean;
}

/**
 * bwrap's argv: every namespace unshared (so no network), no nested user namespaces, the
 * host paths read-only, fresh /dev, /proc, /tmp, /dev/shm, /run and /var/tmp (sized tmpfs),
 * the copy read-write at /work, everything else read-only, uid/gid 65534 inside. The command
 * runs under prlimit with RLIMIT_NPROC (counted per user namespace, so per run), RLIMIT_AS
 * and RLIMIT_FSIZE.
 */
export function bwrapArgs(input: BwrapArgsInput): string[] {
  const { limits } = input;
  const memoryBytes = Math.floor(limits.memoryMb * 1024 * 1024);
  const tmpBytes = String(Math.max(64 * 1024 * 1024, Math.floor(memoryBytes / 2)));
  const args = [
    "--unshare-all",
    "--unshare-user",
    "--disable-userns",
    "--die-with-parent",
    "--new-session",
    "--cap-drop",
    "ALL",
    "--uid",
    "65534",
    "--gid",
    "65534",
    "--hostname",
    "sandbox",
    "--json-status-fd",
    String(input.statusFd),
  ];
  for (const entry of input.layout) {
    if (entry.kind === "symlink") args.push("--symlink", entry.target, entry.path);
    else args.push("--ro-bind", entry.path, entry.path);
  }
  const small = String(64 * 1024 * 1024);
  args.push("--dev", "/dev", "--proc", "/proc");
  args.push("--perms", "1777", "--size", tmpBytes, "--tmpfs", "/tmp");
  args.push("--perms", "1777", "--size", small, "--tmpfs", "/dev/shm");
  args.push("--size", String(1024 * 1024), "--tmpfs", "/run");
  if (input.layout.some((entry) => entry.kind === "ro-bind" && entry.path === "/var")) {
    args.push("--perms", "1777", "--size", small, "--tmpfs", "/var/tmp");
  }
  for (const bind of input.readOnlyBinds ?? []) args.push("--ro-bind", bind.source, bind.dest);
  args.push("--bind", input.copyDir, "/work", "--chdir", "/work");
  // bwrap's own root and /dev are unsized tmpfs: read-only, so writes cannot eat host memory.
  args.push("--remount-ro", "/dev", "--remount-ro", "/");
  if (input.prlimit === false) {
    args.push("--", ...input.command);
    return args;
  }
  args.push(
    "--",
    "prlimit",
    `--nproc=${Math.floor(limits.pids)}`,
    `--as=${memoryBytes}`,
    `--fsize=${Math.floor(limits.fileMb * 1024 * 1024)}`,
    "--core=0",
    "--",
    ...input.command,
  );
  return args;
}
