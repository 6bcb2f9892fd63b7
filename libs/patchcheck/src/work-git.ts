import { dirname } from "node:path";
import { runTool, type ToolRun } from "./run-tool.js";

/** Where `git` and `patch` are looked up unless the caller says otherwise. */
export const DEFAULT_SEARCH_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** Runs git in one working directory; `env` adds variables to the fixed environment. */
export type WorkGit = (args: readonly string[], extra?: GitExtra) => Promise<ToolRun>;

/** Per-call additions for {@link WorkGit}. */
export interface GitExtra {
  stdin?: string;
  env?: Record<string, string>;
  /** Overrides the cascade's output limit (bookkeeping calls whose stdout must be whole). */
  maxOutputBytes?: number;
}

/** Limits shared by every tool run of one cascade. */
export interface ToolLimits {
  searchPath: string;
  timeoutMs: number;
  maxOutputBytes: number;
}

/**
 * The environment every tool gets, built from nothing: no inherited `GIT_DIR` or hooks' repo
 * variables, no user or system git config, no prompts, C locale, and a ceiling so git never
 * finds a repository above `workDir` (a plain directory inside a checkout stays plain).
 */
export function toolEnv(workDir: string, limits: ToolLimits): Record<string, string> {
  return {
    PATH: limits.searchPath,
    LC_ALL: "C",
    GIT_TERMINAL_PROMPT: "0",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CEILING_DIRECTORIES: dirname(workDir),
  };
}

/** A {@link WorkGit} for `workDir` (a real path) that trusts that directory's ownership. */
export function workGit(workDir: string, limits: ToolLimits): WorkGit {
  const env = toolEnv(workDir, limits);
  return (args, extra = {}) =>
    runTool({
      command: "git",
      args: ["-c", `safe.directory=${workDir}`, ...args],
      cwd: workDir,
      env: { ...env, ...extra.env },
      ...(extra.stdin === undefined ? {} : { stdin: extra.stdin }),
      timeoutMs: limits.timeoutMs,
      maxOutputBytes: extra.maxOutputBytes ?? limits.maxOutputBytes,
    });
}

/** True when `workDir` is itself the top of a git work tree. */
export async function isWorkTreeTop(git: WorkGit, workDir: string): Promise<boolean> {
  const run = await git(["rev-parse", "--show-toplevel"]);
  return run.code === 0 && run.stdout.trim() === workDir;
}
