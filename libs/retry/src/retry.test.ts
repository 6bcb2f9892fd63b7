import { describe, expect, it } from "vitest";
import { backoffDelay, retryAfterMs, sleepUnlessAborted } from "./retry.js";

describe("retry timing", () => {
  const policy = { maxRetries: 5, initialDelayMs: 100, maxDelayMs: 1_000 };

  it("doubles the backoff per retry, keeps half of it fixed and caps it", () => {
    expect([0, 1, 2, 3, 4].map((r) => backoffDelay(r, policy, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([0, 1, 2, 3, 4].map((r) => backoffDelay(r, policy, () => 1))).toEqual([100, 200, 400, 800, 1000]);
  });

  it("reads retry-after-ms, retry-after seconds and retry-after dates", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after-ms": "250" }), now)).toBe(250);
    expect(retryAfterMs(new Headers({ "retry-after": "2" }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ "retry-after": "Wed, 01 Jan 2025 00:00:03 GMT" }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });

  it("sleeps, and rejects at once with the caller's error when aborted", async () => {
    const started = Date.now();
    await sleepUnlessAborted(20, undefined, () => new Error("unused"));
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    const controller = new AbortController();
    const waiting = sleepUnlessAborted(
      60_000,
      controller.signal,
      (cause) => new RangeError("gave up", { cause }),
    );
    controller.abort();
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });
});
