import { type Logger, silentLogger } from "@tracegen/log";
import { backoffDelay, type RetryPolicy, retryAfterMs, sleepUnlessAborted } from "@tracegen/retry";
import OpenAI from "openai";
import type { ChatCompletion, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { checkStatement } from "./check-statement.js";
import { classifyError } from "./classify-error.js";
import { answerText, correctionMessages, statementMessages } from "./llm-prompt.js";
import type { Statement, StatementInput } from "./statement.js";
import { StatementError, StatementErrorCode } from "./statement-error.js";
import { templateStatement } from "./template-statement.js";

/** Options for {@link createLlmStatementWriter}. */
export interface LlmStatementOptions {
  /** Base URL of an OpenAI-compatible API, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  apiKey: string;
  model: string;
  /** Retries per request after 429 / 5xx / connection errors; default 5. */
  maxRetries?: number;
  /** Time limit of one HTTP request; default 120 s. */
  timeoutMs?: number;
  /** Backoff before the first retry (doubling, jittered); default 1 s. */
  initialBackoffMs?: number;
  /** Cap of one backoff or `retry-after` wait; default 60 s. */
  maxBackoffMs?: number;
  /** Sent as `temperature` when set (some models accept only their default). */
  temperature?: number;
  /** Sent as `max_completion_tokens` when set. */
  maxCompletionTokens?: number;
  /** Prices in USD per million tokens; without them `costUsd` is left out. */
  prices?: { promptUsdPerMillion: number; completionUsdPerMillion: number };
  logger?: Logger;
}

/** Writes statements with an LLM; see {@link createLlmStatementWriter}. */
export interface LlmStatementWriter {
  write(input: StatementInput, signal?: AbortSignal): Promise<Statement>;
}

/**
 * A statement writer over an OpenAI-compatible chat completions API. The prompt holds the bug
 * patch, the buggy run's output and the failing tests' sources and messages, and the rules.
 * The answer is checked with `checkStatement`; a breaking answer is sent back once with its
 * problems listed, and if the second answer breaks the rules too the template statement is
 * returned (source "template", with the tokens spent). Requests are retried with jittered
 * exponential backoff on 429, 5xx and connection errors (honouring `retry-after`);
 * `insufficient_quota` throws `StatementError` QUOTA at once so the caller can park the work.
 */
export function createLlmStatementWriter(options: LlmStatementOptions): LlmStatementWriter {
  for (const key of ["baseUrl", "apiKey", "model"] as const)
    if (typeof options[key] !== "string" || options[key].trim() === "")
      throw new StatementError(StatementErrorCode.INVALID_ARGUMENT, `LLM statement option ${key} is empty`);
  const policy: RetryPolicy = {
    maxRetries: options.maxRetries ?? 5,
    initialDelayMs: options.initialBackoffMs ?? 1000,
    maxDelayMs: options.maxBackoffMs ?? 60_000,
  };
  const logger = (options.logger ?? silentLogger()).child({ statementWriter: "llm", model: options.model });
  const client = new OpenAI({
    baseURL: options.baseUrl,
    apiKey: options.apiKey,
    // Every retry is ours, so it is visible, logged and follows one policy.
    maxRetries: 0,
    timeout: options.timeoutMs ?? 120_000,
  });

  async function complete(
    messages: ChatCompletionMessageParam[],
    signal?: AbortSignal,
  ): Promise<ChatCompletion> {
    for (let retry = 0; ; retry++) {
      try {
        const response = await client.chat.completions.create(
          {
            model: options.model,
            messages,
            ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
            ...(options.maxCompletionTokens === undefined
              ? {}
              : { max_completion_tokens: options.maxCompletionTokens }),
          },
          signal === undefined ? {} : { signal },
        );
        if (!Array.isArray(response?.choices))
          throw new StatementError(StatementErrorCode.BAD_RESPONSE, "chat completion without choices");
        return response;
      } catch (error) {
        const failure = classifyError(error, signal);
        if (!failure.retry) throw failure.error;
        const status = failure.status ?? "connection";
        if (retry >= policy.maxRetries)
          throw new StatementError(
            StatementErrorCode.UNAVAILABLE,
            `chat request failed after ${retry + 1} attempts (last: ${status})`,
            { cause: failure.cause },
          );
        const asked = retryAfterMs(failure.headers);
        const delayMs =
          asked === undefined ? backoffDelay(retry, policy) : Math.min(policy.maxDelayMs, Math.ceil(asked));
        logger.warn({ status, attempt: retry + 1, delayMs }, "chat request failed; retrying");
        await sleepUnlessAborted(
          delayMs,
          signal,
          (cause) =>
            new StatementError(
              StatementErrorCode.ABORTED,
              "statement writing aborted while waiting to retry",
              { cause },
            ),
        );
      }
    }
  }

  return {
    async write(input, signal) {
      const tokens = { prompt: 0, completion: 0 };
      const spent = () => ({
        tokens: { ...tokens },
        ...(options.prices === undefined
          ? {}
          : {
              costUsd:
                (tokens.prompt * options.prices.promptUsdPerMillion +
                  tokens.completion * options.prices.completionUsdPerMillion) /
                1e6,
            }),
      });
      const messages = statementMessages(input);
      for (let attempt = 1; attempt <= 2; attempt++) {
        const response = await complete(messages, signal);
        tokens.prompt += response.usage?.prompt_tokens ?? 0;
        tokens.completion += response.usage?.completion_tokens ?? 0;
        const choice = response.choices[0];
        const text = answerText(choice?.message?.content);
        const check = checkStatement(text, input);
        const problems = check.ok ? [] : [...check.problems];
        if (choice?.finish_reason === "length") problems.push("the answer was cut off: keep it shorter");
        if (problems.length === 0) return { text, source: "llm", model: options.model, ...spent() };
        logger.warn({ attempt, problems }, "LLM statement breaks the rules");
        if (attempt === 1) messages.push(...correctionMessages(text, problems));
      }
      logger.warn("LLM statement rejected twice; using the template");
      return { ...templateStatement(input), ...spent() };
    },
  };
}
