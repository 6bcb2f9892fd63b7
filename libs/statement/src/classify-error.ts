import { APIConnectionError, APIError, APIUserAbortError } from "openai";
import { StatementError, StatementErrorCode } from "./statement-error.js";

/** What to do about a failed chat request. */
export type Failure =
  | { retry: true; status: number | undefined; headers: Headers | undefined; cause: unknown }
  | { retry: false; error: StatementError };

const RETRIED_STATUSES = new Set([408, 409, 429]);

/**
 * Sorts an error thrown by the OpenAI SDK: rate limits (429), timeouts, conflicts, 5xx and
 * connection failures are worth retrying; `insufficient_quota` (also a 429) is QUOTA and is
 * not, because waiting will not bring money back; any other 4xx is REQUEST.
 */
export function classifyError(error: unknown, signal?: AbortSignal): Failure {
  if (error instanceof StatementError) return { retry: false, error };
  if (error instanceof APIUserAbortError || signal?.aborted)
    return {
      retry: false,
      error: new StatementError(StatementErrorCode.ABORTED, "statement writing aborted", { cause: error }),
    };
  if (error instanceof APIConnectionError)
    return { retry: true, status: undefined, headers: undefined, cause: error };
  if (!(error instanceof APIError) || error.status === undefined)
    return {
      retry: false,
      error: new StatementError(StatementErrorCode.BAD_RESPONSE, `chat request failed: ${String(error)}`, {
        cause: error,
      }),
    };
  const status = error.status;
  if (status === 429 && (error.code === "insufficient_quota" || error.type === "insufficient_quota"))
    return {
      retry: false,
      error: new StatementError(StatementErrorCode.QUOTA, `LLM provider quota exhausted: ${error.message}`, {
        cause: error,
      }),
    };
  if (RETRIED_STATUSES.has(status) || status >= 500)
    return { retry: true, status, headers: error.headers, cause: error };
  return {
    retry: false,
    error: new StatementError(StatementErrorCode.REQUEST, `chat request rejected: ${error.message}`, {
      cause: error,
    }),
  };
}
