import { type Logger, silentLogger } from "@tracegen/log";
import { backoffDelay, type RetryPolicy, retryAfterMs, sleepUnlessAborted } from "@tracegen/retry";
import OpenAI from "openai";
import { classifyError } from "./classify-error.js";
import { EmbedError, EmbedErrorCode } from "./embed-error.js";
import { EMBEDDING_DIMENSIONS, type Embedder } from "./embedder.js";
import { readEmbeddings } from "./read-embeddings.js";

/** Options for {@link createOpenAiEmbedder}. */
export interface OpenAiEmbedderOptions {
  /** Base URL of an OpenAI-compatible API, e.g. `https://api.openai.com/v1`. */
  baseURL: string;
  apiKey: string;
  /** A model that can return 1024 dimensions, e.g. `text-embedding-3-small`. */
  model: string;
  /** Texts per request; default 128. */
  batchSize?: number;
  /** Retries per request after 429 / 5xx / connection errors; default 6. */
  maxRetries?: number;
  /** Backoff before the first retry (doubling, jittered); default 500 ms. */
  initialBackoffMs?: number;
  /** Cap of one backoff or `retry-after` wait; default 60 s. */
  maxBackoffMs?: number;
  /** Time limit of one HTTP request; default 60 s. */
  timeoutMs?: number;
  logger?: Logger;
}

/**
 * An {@link Embedder} over an OpenAI-compatible `/embeddings` endpoint. Texts go in batches,
 * one request at a time; each request is retried with exponential backoff and jitter on 429,
 * 5xx and connection errors (honouring `retry-after`), while `insufficient_quota` fails at once
 * with `EmbedError` QUOTA so the caller can park the work. Vectors are checked to be 1024-d and
 * re-normalised. The SDK's own retries are off so every retry is ours, visible and logged.
 */
export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const batchSize = options.batchSize ?? 128;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new EmbedError(
      EmbedErrorCode.INVALID_ARGUMENT,
      `batchSize must be a positive integer, got ${batchSize}`,
    );
  const policy: RetryPolicy = {
    maxRetries: options.maxRetries ?? 6,
    initialDelayMs: options.initialBackoffMs ?? 500,
    maxDelayMs: options.maxBackoffMs ?? 60_000,
  };
  const logger = (options.logger ?? silentLogger()).child({ embedder: "openai", model: options.model });
  const client = new OpenAI({
    baseURL: options.baseURL,
    apiKey: options.apiKey,
    maxRetries: 0,
    timeout: options.timeoutMs ?? 60_000,
  });

  async function embedBatch(input: string[], signal: AbortSignal | undefined): Promise<Float32Array[]> {
    for (let retry = 0; ; retry++) {
      let response: Awaited<ReturnType<typeof client.embeddings.create>>;
      try {
        response = await client.embeddings.create(
          { model: options.model, input, dimensions: EMBEDDING_DIMENSIONS, encoding_format: "float" },
          signal === undefined ? {} : { signal },
        );
      } catch (error) {
        const failure = classifyError(error, signal);
        if (!failure.retry) throw failure.error;
        const status = failure.status ?? "connection";
        if (retry >= policy.maxRetries)
          throw new EmbedError(
            EmbedErrorCode.UNAVAILABLE,
            `embeddings request failed after ${retry + 1} attempts (last: ${status})`,
            { cause: failure.cause },
          );
        const asked = retryAfterMs(failure.headers);
        const delayMs =
          asked === undefined ? backoffDelay(retry, policy) : Math.min(policy.maxDelayMs, Math.ceil(asked));
        logger.warn(
          { status, attempt: retry + 1, delayMs, batch: input.length },
          "embeddings request failed; retrying",
        );
        await sleepUnlessAborted(
          delayMs,
          signal,
          (cause) =>
            new EmbedError(EmbedErrorCode.ABORTED, "embedding aborted while waiting to retry", { cause }),
        );
        continue;
      }
      return readEmbeddings(response, input.length);
    }
  }

  return {
    name: `openai:${options.model}`,
    dimensions: EMBEDDING_DIMENSIONS,
    async embed(texts, signal) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        // The API rejects empty strings; a space embeds as "nothing" too.
        const batch = texts.slice(i, i + batchSize).map((t) => (t === "" ? " " : t));
        out.push(...(await embedBatch(batch, signal)));
        logger.debug({ done: out.length, total: texts.length }, "embedded batch");
      }
      return out;
    },
  };
}
