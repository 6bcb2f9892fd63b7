import { statSync } from "node:fs";
import { isAbsolute, normalize } from "node:path";
import { SandboxError, SandboxErrorCode } from "./sandbox-error.js";
import type { RunLimits, RunSpec } from "./types.js";

/** Every limit with its default filled in. */
export type ResolvedLimits = Required<RunLimits>;

/** Defaults of {@link RunLimits}. */
export const DEFAULT_LIMITS: ResolvedLimits = {
  memoryMb: 2048,
  pids: 256,
  cpus: 1,
  fileMb: 1024,
  outputBytes: 4 * 1024 * 1024,
  collectBytes: 64 * 1024 * 1024,
};

/** The image Docker runs when the spec names none (built by infra/images/build-base.sh). */
export const DEFAULT_IMAGE = "tracegen/base:bookworm";

/** Fills in defaults and rejects limits that are not positive numbers. */
export function resolveLimits(limits: RunLimits | undefined): ResolvedLimits {
  const resolved = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(limits ?? {}) as [keyof RunLimits, number | undefined][]) {
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value <= 0) {
      throw new SandboxError(SandboxErrorCode.INVALID_SPEC, `limits.${key} must be a positive number`);
    }
    resolved[key] = value;
  }
  return resolved;
}

/**
 * Checks a spec before anything touches the disk: an existing repo directory, a non-empty
 * command, a positive timeout, and `collect` paths that stay inside the copy.
 */
export function validateSpec(spec: RunSpec): void {
  const invalid = (message: string) => new SandboxError(SandboxErrorCode.INVALID_SPEC, message);
  if (!isAbsolute(spec.repoDir)) throw invalid(`repoDir must be absolute: ${spec.repoDir}`);
  let isDir = false;
  try {
    isDir = statSync(spec.repoDir).isDirectory();
  } catch {}
  if (!isDir) throw invalid(`repoDir is not a directory: ${spec.repoDir}`);
  if (spec.command.length === 0 || spec.command[0] === "") throw invalid("command is empty");
  if (spec.command.some((arg) => arg.includes("\0"))) throw invalid("command contains a NUL byte");
  if (!Number.isFinite(spec.timeoutMs) || spec.timeoutMs <= 0) throw invalid("timeoutMs must be positive");
  for (const [name, value] of Object.entries(spec.env ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw invalid(`bad environment variable name: ${name}`);
    if (value.includes("\0")) throw invalid(`environment variable ${name} contains a NUL byte`);
  }
  for (const path of spec.collect ?? []) checkCollectPath(path);
  for (const path of spec.imageTree?.changed ?? []) checkCollectPath(path);
  if (spec.saveTreeTo !== undefined) {
    if (!isAbsolute(spec.saveTreeTo)) throw invalid(`saveTreeTo must be absolute: ${spec.saveTreeTo}`);
    if (spec.imageTree !== undefined) throw invalid("saveTreeTo cannot be combined with imageTree");
  }
  resolveLimits(spec.limits);
}

/** A `collect` path must be relative and must not climb out of the repo copy. */
export function checkCollectPath(path: string): void {
  const normal = normalize(path);
  if (path === "" || isAbsolute(path) || normal === ".." || normal.startsWith("../") || path.includes("\0")) {
    throw new SandboxError(SandboxErrorCode.INVALID_SPEC, `collect path must stay inside the repo: ${path}`);
  }
}

/** The sandbox's environment: a small fixed base plus the spec's variables (never the host's). */
export function sandboxEnv(spec: RunSpec): Record<string, string> {
  return {
    PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    HOME: "/tmp",
    LANG: "C.UTF-8",
    USER: "runner",
    LOGNAME: "runner",
    ...spec.env,
  };
}
