import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import { createScratchPostgres } from "@tracegen/db/testing";
import { createGrpcClient } from "@tracegen/grpc";
import { IngestService, SeedIngestedSchema, Subjects } from "@tracegen/proto";
import { AckPolicy, connect, DeliverPolicy } from "nats";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { collect, spawnCli } from "./support/cli.js";
import { tinyledger } from "./support/fixtures.js";
import { uniqueSeedRows } from "./support/seeds.js";
import { testNatsUrl } from "./support/services.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts `tracegen serve ingest` and resolves with the process and its bound port. */
async function startServer(db: string, home: string) {
  const child = spawnCli([
    "serve",
    "ingest",
    "--listen",
    "127.0.0.1:0",
    "--db",
    db,
    "--nats",
    testNatsUrl,
    "--home",
    home,
  ]);
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      }
    });
    child.on("exit", () => reject(new Error(`server exited: ${out}`)));
  });
  return { child, port };
}

async function seedCounts(url: string) {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db
      .query(
        `select (select count(*)::int from seeds) as seeds,
              (select count(*)::int from seeds where status = 'ready') as ready,
              (select count(*)::int from traces) as traces,
              (select count(*)::int from outbox) as events,
              (select count(distinct message_id)::int from outbox) as distinct_events,
              (select count(*)::int from outbox where published_at is null) as unpublished`,
      )
      .catch(() => ({
        rows: [{ seeds: 0, ready: 0, traces: 0, events: 0, distinct_events: 0, unpublished: 0 }],
      }));
    return rows[0] as Record<string, number>;
  } finally {
    await db.end();
  }
}

describe("crash recovery", () => {
  let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
  let home: string;
  beforeEach(async () => {
    scratch = await createScratchPostgres();
    home = mkdtempSync(join(tmpdir(), "tg-crash-"));
  });
  afterEach(async () => {
    await scratch.drop();
    rmSync(home, { recursive: true, force: true });
  });

  it("an ingest server killed mid-import and restarted finishes with every seed once and one event each", async () => {
    const { jsonl, ids } = uniqueSeedRows(tinyledger.seedsJsonl, 6);
    const request = {
      content: new TextEncoder().encode(jsonl),
      sourceName: "crash.jsonl",
      repos: [{ repo: tinyledger.repo, source: tinyledger.bundle }],
    };
    const first = await startServer(scratch.url, home);
    const nc = await connect({ servers: testNatsUrl });
    const jsm = await nc.jetstreamManager();
    const info = await jsm.consumers.add("TRACEGEN", {
      filter_subject: Subjects.seedIngested,
      deliver_policy: DeliverPolicy.New,
      ack_policy: AckPolicy.Explicit,
      inactive_threshold: 120_000_000_000,
    });
    try {
      const client = createGrpcClient(IngestService, `127.0.0.1:${first.port}`, {
        defaultDeadlineMs: 120_000,
      });
      const interrupted = client.importSeeds(request).then(
        () => "finished",
        () => "failed",
      );
      let mid: Record<string, number> = {};
      for (let i = 0; i < 600; i++) {
        mid = await seedCounts(scratch.url);
        if ((mid.ready ?? 0) >= 5) break;
        await sleep(25);
      }
      first.child.kill("SIGKILL");
      expect(await interrupted).toBe("failed");
      client.close();
      await collect(first.child, 5_000);
      // Killed in the middle: some seeds done, some not.
      const atCrash = await seedCounts(scratch.url);
      expect(atCrash.ready).toBeGreaterThanOrEqual(5);
      expect(atCrash.ready).toBeLessThan(ids.length);

      const second = await startServer(scratch.url, home);
      const again = createGrpcClient(IngestService, `127.0.0.1:${second.port}`, {
        defaultDeadlineMs: 120_000,
      });
      const response = await again.importSeeds(request);
      again.close();
      second.child.kill("SIGTERM");
      await collect(second.child, 10_000);

      expect(response.summary?.ready).toBe(ids.length);
      expect(await seedCounts(scratch.url)).toEqual({
        seeds: ids.length,
        ready: ids.length,
        traces: ids.length,
        // seed.ingested and trace.extracted, each once per seed.
        events: 2 * ids.length,
        distinct_events: 2 * ids.length,
        unpublished: 0,
      });

      const consumer = await nc.jetstream().consumers.get("TRACEGEN", info.name);
      const seen = new Map<string, number>();
      for (let i = 0; i < 100; i++) {
        const msg = await consumer.next({ expires: 1000 });
        if (!msg) {
          if (seen.size === ids.length) break;
          continue;
        }
        const event = fromBinary(SeedIngestedSchema, msg.data);
        msg.ack();
        if (ids.includes(event.seedId)) seen.set(event.seedId, (seen.get(event.seedId) ?? 0) + 1);
      }
      expect(seen.size).toBe(ids.length);
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
    } finally {
      first.child.kill("SIGKILL");
      await jsm.consumers.delete("TRACEGEN", info.name).catch(() => {});
      await nc.close();
    }
  });

  it("an embedded (PGlite) import killed mid-way and run again ends with every seed once", async () => {
    const { jsonl, ids } = uniqueSeedRows(tinyledger.seedsJsonl, 3);
    const file = join(home, "seeds.jsonl");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(file, jsonl);
    const args = [
      "seeds",
      "import",
      file,
      "--repo",
      `${tinyledger.repo}=${tinyledger.bundle}`,
      "--home",
      home,
    ];
    const child = spawnCli(args);
    let stderr = "";
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 60_000);
      child.stderr?.on("data", (d: Buffer) => {
        stderr += d.toString();
        // The first per-seed progress line: some seeds are committed, most are not.
        if (/"progress":"seeds","done":[1-9]/.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill("SIGKILL");
    const killed = await collect(child, 10_000);
    expect(killed.signal).toBe("SIGKILL");

    const rerun = await collect(spawnCli([...args, "--json"]), 120_000);
    expect(rerun.stderr).not.toMatch(/Error/);
    expect(rerun.code).toBe(0);
    const result = JSON.parse(rerun.stdout) as {
      summary: { ready: number; created: number; unchanged: number };
    };
    expect(result.summary.ready).toBe(ids.length);
    expect(result.summary.created + result.summary.unchanged).toBe(ids.length);
    expect(result.summary.unchanged).toBeGreaterThan(0);

    const list = await collect(spawnCli(["seeds", "list", "--home", home, "--json"]), 60_000);
    const seeds = (JSON.parse(list.stdout) as { seeds: { instanceId: string; status: string }[] }).seeds;
    expect(seeds.map((s) => s.instanceId).sort()).toEqual([...ids].sort());
    expect(new Set(seeds.map((s) => s.status))).toEqual(new Set(["SEED_STATUS_READY"]));
  });
});
