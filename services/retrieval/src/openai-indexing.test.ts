import { join } from "node:path";
import { createOpenAiEmbedder } from "@tracegen/embed";
import { fail, ok, type Step, startScriptedServer } from "@tracegen/embed/testing";
import { silentLogger } from "@tracegen/log";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRetrievalCore } from "./retrieval-core.js";
import {
  contentHashes,
  countRows,
  dropTinyledgerTemplate,
  tinyledgerDatabase,
} from "./tinyledger.test-suite.js";

let fx: Awaited<ReturnType<typeof tinyledgerDatabase>>;
const servers: (() => Promise<void>)[] = [];
beforeEach(async () => {
  fx = await tinyledgerDatabase();
}, 120_000);
afterEach(async () => {
  for (const close of servers.splice(0)) await close();
  await fx.close();
});
afterAll(dropTinyledgerTemplate);

const snapshot = (n: number) => fx.snapshotOf.get(`tinyledger__tinyledger-${n}`) ?? "";

/** A core whose embedder talks to a fresh scripted server (same model name, so vectors are shared). */
async function coreWith(script: Step[], options: { maxRetries?: number; chunk?: number } = {}) {
  const server = await startScriptedServer(script);
  servers.push(server.close);
  const embedder = createOpenAiEmbedder({
    baseURL: server.baseURL,
    apiKey: "test-key",
    model: "text-embedding-3-small",
    batchSize: 64,
    initialBackoffMs: 10,
    maxRetries: options.maxRetries ?? 3,
  });
  const core = createRetrievalCore({
    db: fx.database.db,
    embedder,
    indexDir: join(fx.work, "index"),
    logger: silentLogger(),
    embedChunk: options.chunk ?? 20,
  });
  return { core, requests: server.requests };
}

describe("indexing through an OpenAI-compatible embedder", () => {
  it("retries a 429, parks the rest on insufficient_quota, and embeds the parked hashes on the next indexing", async () => {
    const [s1, s2, s3] = [snapshot(1), snapshot(2), snapshot(3)];
    const h1 = await contentHashes(fx.database, s1);
    const h2 = await contentHashes(fx.database, s2);
    const h3 = await contentHashes(fx.database, s3);

    const limited = await coreWith([fail(429, "rate_limit_exceeded", { "retry-after-ms": "30" })]);
    const first = await limited.core.indexSnapshot(s1);
    expect(first).toMatchObject({ contents: h1.size, embedded: h1.size, reused: 0, parked: 0 });
    expect(limited.requests[0]!.body).toMatchObject({ model: "text-embedding-3-small", dimensions: 1024 });
    // The 429 was retried: one request more than there are chunks.
    expect(limited.requests).toHaveLength(Math.ceil(h1.size / 20) + 1);
    expect(await countRows(fx.database, "embeddings")).toBe(h1.size);

    const missing = [...h2].filter((h) => !h1.has(h));
    expect(missing.length).toBeGreaterThanOrEqual(2);
    // One hash per request: the first is embedded, the quota runs out on the second.
    const quota = await coreWith([(request) => ok(request), fail(429, "insufficient_quota")], { chunk: 1 });
    const second = await quota.core.indexSnapshot(s2);
    expect(second).toMatchObject({
      embedded: 1,
      reused: h2.size - missing.length,
      parked: missing.length - 1,
    });
    expect(quota.requests).toHaveLength(2);
    const parked = await fx.database.db.selectFrom("parked_embeddings").selectAll().execute();
    expect(parked).toHaveLength(missing.length - 1);
    expect(parked.every((p) => p.reason === "quota" && missing.includes(p.content_hash))).toBe(true);
    expect((await quota.core.stats()).parked).toBe(missing.length - 1);
    // Units of the snapshot that have vectors are searchable meanwhile.
    expect(await quota.core.search({ text: "amount" }, { k: 3, filter: { snapshotId: s2 } })).toHaveLength(3);

    // An outage that outlasts the retries parks too.
    const down = await coreWith([fail(503, "overloaded"), fail(503, "overloaded")], { maxRetries: 1 });
    expect(await down.core.indexSnapshot(s2)).toMatchObject({ embedded: 0, parked: missing.length - 1 });
    const reasons = await fx.database.db
      .selectFrom("parked_embeddings")
      .select("reason")
      .distinct()
      .execute();
    expect(reasons).toEqual([{ reason: "unavailable" }]);

    // The next indexing (of another snapshot) retries the parked hashes first.
    const healthy = await coreWith([]);
    const third = await healthy.core.indexSnapshot(s3);
    const newIn3 = [...h3].filter((h) => !h1.has(h) && !h2.has(h));
    expect(third.embedded).toBe(missing.length - 1 + newIn3.length);
    expect(third.parked).toBe(0);
    expect(await countRows(fx.database, "parked_embeddings")).toBe(0);
    expect(await countRows(fx.database, "embeddings")).toBe(new Set([...h1, ...h2, ...h3]).size);
    expect(await healthy.core.indexSnapshot(s2)).toMatchObject({ embedded: 0, reused: h2.size, parked: 0 });
  });
});
