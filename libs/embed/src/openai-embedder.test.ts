import { Writable } from "node:stream";
import { createLogger } from "@tracegen/log";
import { afterEach, describe, expect, it } from "vitest";
import { EmbedErrorCode } from "./embed-error.js";
import { createOpenAiEmbedder, type OpenAiEmbedderOptions } from "./openai-embedder.js";
import {
  fail,
  ok,
  type Step,
  serverVector,
  startScriptedServer,
} from "./scripted-openai-server.test-suite.js";

let closeServer: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeServer?.();
  closeServer = undefined;
});

async function setUp(script: Step[], options: Partial<OpenAiEmbedderOptions> = {}) {
  const server = await startScriptedServer(script);
  closeServer = server.close;
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const embedder = createOpenAiEmbedder({
    baseURL: server.baseURL,
    apiKey: "test-key",
    model: "text-embedding-3-small",
    initialBackoffMs: 200,
    logger: createLogger({ name: "test", level: "debug", destination }),
    ...options,
  });
  return { embedder, requests: server.requests, lines };
}

const TEXTS = Array.from({ length: 10 }, (_, i) => `def f${i}():\n    return ${"x".repeat(i)}\n`);

describe("createOpenAiEmbedder against a scripted server", () => {
  it("sends batches and returns unit vectors in input order", async () => {
    const { embedder, requests } = await setUp([], { batchSize: 4 });
    const vectors = await embedder.embed(TEXTS);
    expect(requests.map((r) => r.body.input.length)).toEqual([4, 4, 2]);
    expect(requests[0]!.body).toMatchObject({
      model: "text-embedding-3-small",
      dimensions: 1024,
      encoding_format: "float",
    });
    expect(requests[0]!.headers.authorization).toBe("Bearer test-key");
    expect(requests.flatMap((r) => r.body.input)).toEqual(TEXTS);
    vectors.forEach((v, i) => {
      const raw = serverVector(TEXTS[i]!);
      const norm = Math.hypot(raw[0]!, raw[1]!);
      expect(v.length).toBe(1024);
      expect(v[0]).toBeCloseTo(raw[0]! / norm, 6);
      expect(v[1]).toBeCloseTo(1 / norm, 6);
    });
    expect(embedder.name).toBe("openai:text-embedding-3-small");
    expect(await embedder.embed([])).toEqual([]);
  });

  it("retries a 429 after the retry-after the server asked for", async () => {
    const { embedder, requests, lines } = await setUp([
      fail(429, "rate_limit_exceeded", { "retry-after": "1" }),
    ]);
    const vectors = await embedder.embed(TEXTS.slice(0, 2));
    expect(vectors).toHaveLength(2);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(990);
    expect(lines.find((l) => l.msg === "embeddings request failed; retrying")).toMatchObject({
      status: 429,
      attempt: 1,
      delayMs: 1000,
    });
  });

  it("retries a 500 with jittered exponential backoff", async () => {
    const { embedder, requests } = await setUp([fail(500, "server_error"), fail(503, "overloaded")]);
    await embedder.embed(TEXTS.slice(0, 1));
    expect(requests).toHaveLength(3);
    // Backoff 200 ms then 400 ms, each with at least half of it fixed.
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(95);
    expect(requests[2]!.at - requests[1]!.at).toBeGreaterThanOrEqual(195);
  });

  it("fails with QUOTA at once on insufficient_quota", async () => {
    const { embedder, requests } = await setUp([fail(429, "insufficient_quota")]);
    await expect(embedder.embed(TEXTS)).rejects.toMatchObject({
      name: "EmbedError",
      code: EmbedErrorCode.QUOTA,
    });
    expect(requests).toHaveLength(1);
  });

  it("fails with REQUEST at once on another 4xx", async () => {
    const { embedder, requests } = await setUp([fail(400, "invalid_request_error")]);
    await expect(embedder.embed(TEXTS)).rejects.toMatchObject({ code: EmbedErrorCode.REQUEST });
    expect(requests).toHaveLength(1);
  });

  it("fails with BAD_RESPONSE when vectors do not have 1024 dimensions", async () => {
    const { embedder, requests } = await setUp([(request) => ok(request, 512)]);
    await expect(embedder.embed(TEXTS.slice(0, 3))).rejects.toMatchObject({
      code: EmbedErrorCode.BAD_RESPONSE,
      message: expect.stringContaining("512 dimensions"),
    });
    expect(requests).toHaveLength(1);
  });

  it("fails with UNAVAILABLE once the retries are used up", async () => {
    const down = fail(503, "overloaded");
    const { embedder, requests } = await setUp([down, down, down, down], {
      maxRetries: 2,
      initialBackoffMs: 10,
    });
    await expect(embedder.embed(TEXTS)).rejects.toMatchObject({ code: EmbedErrorCode.UNAVAILABLE });
    expect(requests).toHaveLength(3);
  });

  it("stops waiting with ABORTED when the signal fires during a backoff", async () => {
    const { embedder, requests } = await setUp([fail(429, "rate_limit_exceeded", { "retry-after": "30" })]);
    const started = performance.now();
    await expect(embedder.embed(TEXTS, AbortSignal.timeout(200))).rejects.toMatchObject({
      code: EmbedErrorCode.ABORTED,
    });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(requests).toHaveLength(1);
  });
});
