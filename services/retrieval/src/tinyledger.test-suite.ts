import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Database, openDatabase } from "@tracegen/db";
import { createScratchPostgres, testPostgresUrl } from "@tracegen/db/testing";
import { createIngestCore } from "@tracegen/ingest";
import { silentLogger } from "@tracegen/log";
import { sql } from "kysely";
import pg from "pg";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The example library's seeds file and repository bundle. */
export const TINYLEDGER = {
  repo: "tinyledger/tinyledger",
  bundle: join(root, "examples/tinyledger/repo.bundle"),
  seedsJsonl: join(root, "examples/tinyledger/seeds.jsonl"),
};

interface Template {
  name: string;
  drop(): Promise<void>;
  snapshotOf: Map<string, string>;
}
let template: Promise<Template> | undefined;

/** Imports the tinyledger seeds once into a scratch database that later databases are copied from. */
async function buildTemplate(): Promise<Template> {
  const scratch = await createScratchPostgres();
  const database = await openDatabase({ kind: "postgres", url: scratch.url });
  const mirrors = mkdtempSync(join(tmpdir(), "tg-retrieval-mirrors-"));
  try {
    await createIngestCore({ db: database.db, mirrorsDir: mirrors, logger: silentLogger() }).importSeeds({
      content: readFileSync(TINYLEDGER.seedsJsonl, "utf8"),
      repos: [{ repo: TINYLEDGER.repo, source: TINYLEDGER.bundle }],
    });
    const seeds = await database.db.selectFrom("seeds").select(["instance_id", "snapshot_id"]).execute();
    return {
      name: new URL(scratch.url).pathname.slice(1),
      drop: scratch.drop,
      snapshotOf: new Map(seeds.map((s) => [s.instance_id, s.snapshot_id ?? ""])),
    };
  } finally {
    await database.close();
    rmSync(mirrors, { recursive: true, force: true });
  }
}

/** Drops the template database (call in afterAll). */
export async function dropTinyledgerTemplate(): Promise<void> {
  const built = await template?.catch(() => undefined);
  template = undefined;
  await built?.drop();
}

/**
 * A fresh Postgres database holding the 7 tinyledger seeds (snapshots, units, traces), copied
 * from a template imported once per test file, and a work directory.
 */
export async function tinyledgerDatabase(): Promise<{
  database: Database;
  url: string;
  work: string;
  /** Snapshot id of each seed, by seed id. */
  snapshotOf: Map<string, string>;
  close(): Promise<void>;
}> {
  template ??= buildTemplate();
  const source = await template;
  const name = `tg_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: testPostgresUrl() });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${source.name}`);
  } finally {
    await admin.end();
  }
  const url = testPostgresUrl(name);
  const database = await openDatabase({ kind: "postgres", url });
  const work = mkdtempSync(join(tmpdir(), "tg-retrieval-"));
  return {
    database,
    url,
    work,
    snapshotOf: source.snapshotOf,
    async close() {
      await database.close();
      const client = new pg.Client({ connectionString: testPostgresUrl() });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** Distinct content hashes of a snapshot's function, class and method units, counted in SQL. */
export async function contentHashes(database: Database, snapshotId: string): Promise<Set<string>> {
  const rows = await database.db
    .selectFrom("snapshot_units")
    .select("content_hash")
    .distinct()
    .where("snapshot_id", "=", snapshotId)
    .where("kind", "<>", "module")
    .execute();
  return new Set(rows.map((r) => r.content_hash));
}

/** Rows of a table. */
export async function countRows(
  database: Database,
  table: "embeddings" | "parked_embeddings" | "retrieval_snapshots",
): Promise<number> {
  return (
    await database.db.selectFrom(table).select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow()
  ).n;
}
