import { DatabaseError } from "@tracegen/db";
import { ConfigError, IngestError, IngestErrorCode } from "@tracegen/ingest";
import { SandboxError } from "@tracegen/sandbox";
import { ProfileError, ValidationError } from "@tracegen/validation";
import type { Command } from "commander";
import { CliError, ExitCode } from "./exit-codes.js";
import { createOutput, type Output } from "./output.js";
import { createProgress, type Progress } from "./progress.js";
import { cliLogger, type GlobalFlags, loadConfig, openRuntime, type Runtime } from "./runtime.js";

/**
 * Runs one command: loads the configuration, opens the runtime, maps errors to exit codes and
 * one clear line on stderr (or a JSON error document with --json), and always closes.
 */
export async function runCommand(
  command: Command,
  options: { progress?: boolean },
  body: (runtime: Runtime, output: Output, progress: Progress) => Promise<ExitCode>,
): Promise<void> {
  const flags = command.optsWithGlobals<GlobalFlags>();
  const output = createOutput(flags.json ?? false);
  let runtime: Runtime | undefined;
  try {
    const config = loadConfig(flags, process.env);
    const logger = cliLogger(config.logLevel);
    runtime = await openRuntime(config, logger);
    const interactive = Boolean(options.progress && process.stderr.isTTY && !flags.json);
    process.exitCode = await body(runtime, output, createProgress({ logger, interactive }));
  } catch (error) {
    const code = exitCodeOf(error);
    const message = (error as Error).message ?? String(error);
    if (output.json) output.result({ error: { code: codeName(error), message } }, () => message);
    process.stderr.write(`tracegen: ${message}\n`);
    if (code === ExitCode.Failure && !(error instanceof DatabaseError))
      process.stderr.write(`${(error as Error).stack ?? ""}\n`);
    process.exitCode = code;
  } finally {
    await runtime?.close().catch(() => {});
  }
}

function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof IngestError) return ExitCode.BadInput;
  if (error instanceof ConfigError || error instanceof ProfileError) return ExitCode.BadInput;
  if (error instanceof ValidationError)
    return error.code === "ENVIRONMENT" ? ExitCode.Failure : ExitCode.BadInput;
  if (error instanceof SandboxError) return ExitCode.Failure;
  return ExitCode.Failure;
}

function codeName(error: unknown): string {
  if (error instanceof IngestError)
    return error.code === IngestErrorCode.NotFound ? "NOT_FOUND" : "BAD_INPUT";
  if (error instanceof CliError) return error.exitCode === ExitCode.BadInput ? "BAD_INPUT" : "FAILURE";
  if (error instanceof ConfigError) return "BAD_CONFIG";
  if (error instanceof ProfileError) return "BAD_PROFILE";
  if (error instanceof ValidationError) return error.code;
  if (error instanceof SandboxError) return "SANDBOX";
  if (error instanceof DatabaseError) return "DATABASE";
  return "FAILURE";
}
