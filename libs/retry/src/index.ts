/** Retry timing shared by TraceGen's HTTP clients (the OpenAI-compatible embedder and statement writer). */
export { backoffDelay, type RetryPolicy, retryAfterMs, sleepUnlessAborted } from "./retry.js";
