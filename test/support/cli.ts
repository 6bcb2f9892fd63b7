import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "./fixtures.js";

/** tsx's loader (its `--import tsx` entry) by absolute URL, so the CLI can run in any working directory. */
const tsxLoader = pathToFileURL(join(repoRoot, "node_modules/tsx/dist/loader.mjs")).href;

/** The CLI run from source (tsx, the "source" export condition): what `pnpm tracegen` runs after a build. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = repoRoot): ChildProcess {
  return spawn(
    process.execPath,
    ["--conditions=source", "--import", tsxLoader, join(repoRoot, "apps/cli/src/main.ts"), ...args],
    {
      cwd,
      env: { ...process.env, TRACEGEN_LOG_LEVEL: "info", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

/** A finished CLI run. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to the end (killed after `timeoutMs`). */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {},
): Promise<CliRun> {
  const child = spawnCli(args, options.env, options.cwd);
  return collect(child, options.timeoutMs ?? 60_000);
}

/** Waits for a child to exit, with its output. */
export function collect(child: ChildProcess, timeoutMs: number): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
