import type { Logger } from "@tracegen/log";
import type { StatementWriter } from "@tracegen/pipeline";
import { createLlmStatementWriter } from "@tracegen/statement";
import { z } from "zod";
import { CliError, ExitCode } from "../exit-codes.js";

const LlmEnv = z.object({
  TRACEGEN_OPENAI_BASE_URL: z.url().optional(),
  TRACEGEN_OPENAI_API_KEY: z.string().min(1).optional(),
  TRACEGEN_OPENAI_MODEL: z.string().min(1).optional(),
});
const NAMES = ["TRACEGEN_OPENAI_BASE_URL", "TRACEGEN_OPENAI_API_KEY", "TRACEGEN_OPENAI_MODEL"] as const;

/**
 * The LLM statement writer when TRACEGEN_OPENAI_BASE_URL, TRACEGEN_OPENAI_API_KEY and
 * TRACEGEN_OPENAI_MODEL are all set (an OpenAI-compatible endpoint); undefined when none is
 * (the offline template writes the statements). Some but not all set is bad input naming the
 * missing ones.
 */
export function statementWriterFromEnv(env: NodeJS.ProcessEnv, logger: Logger): StatementWriter | undefined {
  const given = Object.fromEntries(NAMES.flatMap((n) => (env[n] ? [[n, env[n]]] : [])));
  if (Object.keys(given).length === 0) return undefined;
  const parsed = LlmEnv.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(
      `${String(issue?.path[0] ?? "TRACEGEN_OPENAI_*")}: ${issue?.message ?? "invalid"}`,
      ExitCode.BadInput,
    );
  }
  const missing = NAMES.filter((n) => !given[n]);
  if (missing.length > 0)
    throw new CliError(`an LLM for problem statements needs ${missing.join(" and ")} too`, ExitCode.BadInput);
  const value = parsed.data;
  return createLlmStatementWriter({
    baseUrl: value.TRACEGEN_OPENAI_BASE_URL as string,
    apiKey: value.TRACEGEN_OPENAI_API_KEY as string,
    model: value.TRACEGEN_OPENAI_MODEL as string,
    logger,
  });
}
