import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createScratchPostgres } from "@tracegen/db/testing";
import { Code, createGrpcClient, RpcError } from "@tracegen/grpc";
import { startIngestService } from "@tracegen/ingest";
import { silentLogger } from "@tracegen/log";
import { IngestService, RetrievalService, UnitKind } from "@tracegen/proto";
import { startRetrievalService } from "@tracegen/retrieval";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readText, tinyledger } from "./support/fixtures.js";
import { healthCheck } from "./support/services.js";

describe("retrieval service over gRPC", () => {
  let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
  let work: string;
  const stops: (() => Promise<void>)[] = [];
  let ingestPort = 0;
  let retrievalPort = 0;

  beforeAll(async () => {
    scratch = await createScratchPostgres();
    work = mkdtempSync(join(tmpdir(), "tg-rgrpc-"));
    const listen = { host: "127.0.0.1", port: 0 };
    const ingest = await startIngestService(
      { db: scratch.url, natsUrl: undefined, listen, logLevel: "silent", mirrorsDir: join(work, "mirrors") },
      silentLogger(),
    );
    stops.push(ingest.stop);
    ingestPort = ingest.port;
    const retrieval = await startRetrievalService(
      {
        db: scratch.url,
        listen,
        indexDir: join(work, "index"),
        embedder: { kind: "local" },
        logLevel: "silent",
      },
      silentLogger(),
      // Stands in for synthesis' transplant check: only units that compare something take the edit.
      { applicability: (_trace, unit) => unit.source.includes(" == ") || unit.source.includes(" < ") },
    );
    stops.push(retrieval.stop);
    retrievalPort = retrieval.port;
  }, 120_000);
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    await scratch?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it("indexes a snapshot and answers Search by code, unit and seed, with filters, and Stats", async () => {
    const ingest = createGrpcClient(IngestService, `127.0.0.1:${ingestPort}`, { defaultDeadlineMs: 120_000 });
    const client = createGrpcClient(RetrievalService, `127.0.0.1:${retrievalPort}`, {
      defaultDeadlineMs: 120_000,
    });
    try {
      expect(await healthCheck(`127.0.0.1:${retrievalPort}`, "tracegen.v1.RetrievalService")).toBe(1);
      await ingest.importSeeds({
        content: new TextEncoder().encode(readText(tinyledger.seedsJsonl)),
        repos: [{ repo: tinyledger.repo, source: tinyledger.bundle }],
      });
      const seedId = "tinyledger__tinyledger-1";
      const snapshotId = (await ingest.getSeed({ instanceId: seedId })).snapshot?.id ?? "";

      const notYet = await client
        .search({ query: { case: "seedId", value: seedId } })
        .catch((e: unknown) => e);
      expect(notYet).toBeInstanceOf(RpcError);
      expect((notYet as RpcError).code).toBe(Code.FailedPrecondition);

      const indexed = await client.indexSnapshot({ snapshotId });
      expect(indexed.units).toBeGreaterThan(50);
      expect(indexed.embedded).toBe(indexed.contents);
      expect(indexed).toMatchObject({ reused: 0, parked: 0 });
      expect(indexed.vectors).toBeGreaterThan(0n);
      expect(indexed.vectors).toBeLessThanOrEqual(BigInt(indexed.contents));
      const again = await client.indexSnapshot({ snapshotId });
      expect(again).toMatchObject({ embedded: 0, reused: indexed.contents });

      const byText = await client.search({
        query: { case: "text", value: "add money of the same currency" },
        k: 5,
        filter: { kinds: [UnitKind.METHOD] },
        withSource: true,
      });
      expect(byText.hits).toHaveLength(5);
      for (const hit of byText.hits) {
        expect(hit.unit?.kind).toBe(UnitKind.METHOD);
        expect(hit.unit?.snapshotId).toBe(snapshotId);
        expect(hit.unit?.source.length).toBeGreaterThan(0);
        expect(hit.unitId).toBe(`${snapshotId}:${hit.unit?.path}:${hit.unit?.qualifiedName}`);
        expect(hit.applicable).toBe(false);
      }
      const first = byText.hits[0]!;
      const byUnit = await client.search({
        query: { case: "unitId", value: first.unitId },
        k: 3,
        filter: { excludePaths: ["tests/"] },
      });
      expect(byUnit.hits).toHaveLength(3);
      expect(byUnit.hits.some((h) => h.unitId === first.unitId || h.unit?.path.startsWith("tests/"))).toBe(
        false,
      );
      expect(byUnit.hits[0]!.unit?.source).toBe("");

      const bySeed = await client.search({
        query: { case: "seedId", value: seedId },
        k: 8,
        withSource: true,
      });
      expect(bySeed.hits).toHaveLength(8);
      const flags = bySeed.hits.map((h) => h.applicable);
      expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
      bySeed.hits.forEach((h) => {
        const source = h.unit?.source ?? "";
        expect(h.applicable).toBe(source.includes(" == ") || source.includes(" < "));
      });

      const stats = await client.stats({});
      expect(stats).toMatchObject({
        dimensions: 1024,
        embedder: "local-code-hash-v1+idf",
        snapshots: 1,
        parked: 0n,
      });
      expect(stats.embeddings).toBe(BigInt(indexed.contents));
      expect(stats.vectors).toBe(indexed.vectors);

      const errors = await Promise.all([
        client.search({ query: { case: "code", value: "" } }).catch((e: RpcError) => e.code),
        client.search({ k: 3 }).catch((e: RpcError) => e.code),
        client.search({ query: { case: "unitId", value: "bad" } }).catch((e: RpcError) => e.code),
        client.search({ query: { case: "seedId", value: "nope" } }).catch((e: RpcError) => e.code),
        client.indexSnapshot({ snapshotId: "nope__nope@0" }).catch((e: RpcError) => e.code),
      ]);
      expect(errors).toEqual([
        Code.InvalidArgument,
        Code.InvalidArgument,
        Code.InvalidArgument,
        Code.NotFound,
        Code.NotFound,
      ]);
    } finally {
      ingest.close();
      client.close();
    }
  }, 300_000);
});
