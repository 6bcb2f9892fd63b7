import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { GitError, GitErrorCode } from "./git-error.js";

/** One git invocation. */
export interface RunGitOptions {
  /** The repository (GIT_DIR); git never searches parent directories for another one. */
  gitDir?: string;
  /** Directory git runs in; defaults to `gitDir`. One of the two is required. */
  cwd?: string;
  args: readonly string[];
  /** Written to git's stdin, which is then closed; stdin is empty when absent. */
  stdin?: string | Buffer;
  /** Extra environment variables for this call. */
  env?: Record<string, string>;
  /** Cap on stdout; beyond it git is killed with OUTPUT_TOO_LARGE. Default 64 MiB. */
  maxOutputBytes?: number;
  /** Time limit; beyond it git is killed with TIMEOUT. Default 2 minutes. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** What git printed and how it exited. */
export interface GitResult {
  code: number;
  stdout: Buffer;
  /** The first 64 KiB of stderr, as text. */
  stderr: string;
}

const MAX_STDERR = 64 * 1024;

// Inherited variables that would point git at another repository or index (they are set
// inside git hooks, for instance).
const REPO_ENV = [
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_INDEX_FILE",
  "GIT_OBJECT_DIRECTORY",
  "GIT_ALTERNATE_OBJECT_DIRECTORIES",
  "GIT_COMMON_DIR",
  "GIT_NAMESPACE",
  "GIT_PREFIX",
];

function gitEnv(options: RunGitOptions): NodeJS.ProcessEnv {
  // The rest of the inherited environment carries PATH, HOME and credential settings.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of REPO_ENV) delete env[name];
  Object.assign(env, { GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" });
  if (options.gitDir !== undefined) env.GIT_DIR = options.gitDir;
  return Object.assign(env, options.env);
}

/**
 * Runs git without a shell and resolves with its exit code, whatever it is. Rejects only when
 * git cannot start, runs too long, prints too much or is aborted. git runs in its own session
 * (`detached`), so it has no terminal to prompt on and can be killed with its helpers.
 */
export function runGit(options: RunGitOptions): Promise<GitResult> {
  const maxOutput = options.maxOutputBytes ?? 64 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new GitError(GitErrorCode.ABORTED, `git ${options.args[0]} aborted before start`));
      return;
    }
    const cwd = options.cwd ?? options.gitDir;
    const child = spawn("git", [...options.args], {
      cwd,
      env: gitEnv(options),
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = "";
    let failure: GitError | undefined;

    const kill = (error: GitError) => {
      failure ??= error;
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          child.kill("SIGKILL");
        }
      }
    };
    const what = `git ${options.args.slice(0, 2).join(" ")}`;
    const timer = setTimeout(
      () => kill(new GitError(GitErrorCode.TIMEOUT, `${what} timed out`)),
      options.timeoutMs ?? 120_000,
    );
    const onAbort = () => kill(new GitError(GitErrorCode.ABORTED, `${what} aborted`));
    options.signal?.addEventListener("abort", onAbort, { once: true });

    child.stdout.on("data", (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxOutput) {
        kill(new GitError(GitErrorCode.OUTPUT_TOO_LARGE, `${what} printed more than ${maxOutput} bytes`));
        return;
      }
      stdout.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderr.length < MAX_STDERR) stderr += chunk.toString("utf8").slice(0, MAX_STDERR - stderr.length);
    });
    // git may exit before reading all of stdin (e.g. a patch it rejects early): ignore EPIPE.
    child.stdin.on("error", () => {});
    child.stdin.end(options.stdin ?? "");

    let settled = false;
    const settle = (code: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      if (failure) reject(failure);
      else resolve({ code: code ?? -1, stdout: Buffer.concat(stdout), stderr });
    };
    child.on("error", (error: NodeJS.ErrnoException) => {
      const missingDir = cwd !== undefined && !existsSync(cwd);
      const code =
        error.code === "ENOENT" && !missingDir ? GitErrorCode.GIT_NOT_FOUND : GitErrorCode.GIT_FAILED;
      const why = missingDir ? `directory ${cwd} does not exist` : error.message;
      failure ??= new GitError(code, `cannot run git: ${why}`, { cause: error });
      // A process that never started emits no reliable "close".
      if (child.pid === undefined) settle(null);
    });
    child.on("close", settle);
  });
}

/** git's stderr trimmed to something fit for an error message. */
export function gitMessage(stderr: string): string {
  const text = stderr.trim();
  return text === "" ? "(no message)" : text;
}
