import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import { createScratchPostgres } from "@tracegen/db/testing";
import { Code, createGrpcClient, RpcError } from "@tracegen/grpc";
import { type RunningIngestService, startIngestService } from "@tracegen/ingest";
import { silentLogger } from "@tracegen/log";
import { IngestService, SeedIngestedSchema, SeedStatus, Subjects } from "@tracegen/proto";
import { AckPolicy, connect, DeliverPolicy, type NatsConnection } from "nats";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tinyledger } from "./support/fixtures.js";
import { uniqueSeedRows } from "./support/seeds.js";
import { healthCheck, testNatsUrl } from "./support/services.js";

describe("ingest service end to end: gRPC, NATS JetStream, Postgres", () => {
  let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
  let service: RunningIngestService;
  let nc: NatsConnection;
  let mirrorsDir: string;

  beforeAll(async () => {
    scratch = await createScratchPostgres();
    mirrorsDir = mkdtempSync(join(tmpdir(), "tg-e2e-"));
    service = await startIngestService(
      {
        db: scratch.url,
        natsUrl: testNatsUrl,
        mirrorsDir,
        listen: { host: "127.0.0.1", port: 0 },
        logLevel: "silent",
      },
      silentLogger(),
    );
    nc = await connect({ servers: testNatsUrl });
  });

  afterAll(async () => {
    await nc?.close();
    await service?.stop();
    await scratch?.drop();
    rmSync(mirrorsDir, { recursive: true, force: true });
  });

  it("imports seeds through the generated client, publishes one event per seed and stores the rows", async () => {
    const address = `127.0.0.1:${service.port}`;
    expect(await healthCheck(address, "tracegen.v1.IngestService")).toBe(1);
    expect(await healthCheck(address, "")).toBe(1);

    // Listen before importing: an ephemeral consumer that sees only new events.
    const jsm = await nc.jetstreamManager();
    const info = await jsm.consumers.add("TRACEGEN", {
      filter_subject: Subjects.seedIngested,
      deliver_policy: DeliverPolicy.New,
      ack_policy: AckPolicy.Explicit,
      inactive_threshold: 60_000_000_000,
    });
    const consumer = await nc.jetstream().consumers.get("TRACEGEN", info.name);

    const { jsonl, ids } = uniqueSeedRows(tinyledger.seedsJsonl);
    const client = createGrpcClient(IngestService, address, { defaultDeadlineMs: 120_000 });
    try {
      const response = await client.importSeeds({
        content: new TextEncoder().encode(jsonl),
        sourceName: "e2e.jsonl",
        repos: [{ repo: tinyledger.repo, source: tinyledger.bundle }],
      });
      expect(response.summary?.ready).toBe(7);
      expect(response.rows.map((r) => r.instanceId).sort()).toEqual([...ids].sort());

      const events = new Map<string, SeedStatus>();
      for (let i = 0; i < 50 && events.size < ids.length; i++) {
        const msg = await consumer.next({ expires: 1000 });
        if (!msg) continue;
        const event = fromBinary(SeedIngestedSchema, msg.data);
        msg.ack();
        if (ids.includes(event.seedId)) {
          expect(events.has(event.seedId)).toBe(false);
          events.set(event.seedId, event.status);
        }
      }
      expect([...events.keys()].sort()).toEqual([...ids].sort());
      expect([...events.values()].every((s) => s === SeedStatus.READY)).toBe(true);

      const db = new pg.Client({ connectionString: scratch.url });
      await db.connect();
      try {
        const seeds = await db.query("select instance_id, status from seeds order by instance_id");
        expect(seeds.rows.map((r) => r.instance_id)).toEqual([...ids].sort());
        expect(new Set(seeds.rows.map((r) => r.status))).toEqual(new Set(["ready"]));
        const traces = await db.query("select count(*)::int as n from traces");
        expect(traces.rows[0].n).toBe(7);
        const unpublished = await db.query(
          "select count(*)::int as n from outbox where published_at is null",
        );
        expect(unpublished.rows[0].n).toBe(0);
      } finally {
        await db.end();
      }

      const seed = await client.getSeed({ instanceId: ids[2] ?? "" });
      expect(seed.seed?.status).toBe(SeedStatus.READY);
      expect(seed.snapshot?.unitCount).toBeGreaterThan(50);
      const trace = await client.getTrace({ seedId: ids[2] ?? "" });
      expect(trace.trace?.changedUnits.map((u) => u.qualifiedName)).toContain("parse_amount");
      const list = await client.listSeeds({ pageSize: 5 });
      expect(list.seeds).toHaveLength(5);
      expect(list.nextPageToken).not.toBe("");

      const missing = await client.getSeed({ instanceId: "no-such-seed" }).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(RpcError);
      expect((missing as RpcError).code).toBe(Code.NotFound);
      const empty = await client.importSeeds({ content: new Uint8Array() }).catch((e: unknown) => e);
      expect((empty as RpcError).code).toBe(Code.InvalidArgument);
      const badSource = await client
        .importSeeds({
          content: new TextEncoder().encode(jsonl),
          repos: [{ repo: "a/b", source: "/no/such/dir" }],
        })
        .catch((e: unknown) => e);
      expect((badSource as RpcError).code).toBe(Code.InvalidArgument);
      expect((badSource as RpcError).message).toContain("/no/such/dir");
    } finally {
      client.close();
      await jsm.consumers.delete("TRACEGEN", info.name).catch(() => {});
    }
  });
});
