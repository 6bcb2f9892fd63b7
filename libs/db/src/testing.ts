import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "./open-database.js";

/** The database kinds a repository test suite runs against. */
export const testDialects = ["postgres", "pglite"] as const;
export type TestDialect = (typeof testDialects)[number];

/** The Postgres server tests use: TRACEGEN_TEST_PG_URL, else the local trust-auth server. */
export function testPostgresUrl(database = "postgres"): string {
  const base = process.env.TRACEGEN_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates an empty, uniquely named Postgres database and returns its URL and a drop function. */
export async function createScratchPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `tg_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: testPostgresUrl() });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: testPostgresUrl(name),
    drop: async () => {
      const client = new pg.Client({ connectionString: testPostgresUrl() });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * A fresh, migrated database of the given kind: a scratch Postgres database (dropped on
 * close) or an in-memory PGlite.
 */
export async function openTestDatabase(dialect: TestDialect): Promise<Database> {
  if (dialect === "pglite") return openDatabase({ kind: "pglite", dir: null });
  const scratch = await createScratchPostgres();
  const database = await openDatabase({ kind: "postgres", url: scratch.url });
  return {
    ...database,
    close: async () => {
      await database.close();
      await scratch.drop();
    },
  };
}
