import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { type Database, DatabaseError, openDatabase } from "./open-database.js";
import { parseDatabaseTarget } from "./target.js";
import { createScratchPostgres, openTestDatabase, testDialects } from "./testing.js";

describe.each(testDialects)("database on %s", (dialect) => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it("migrates to the latest schema and round-trips rows of every column kind", async () => {
    database = await openTestDatabase(dialect);
    const { db } = database;
    await db.insertInto("repos").values({ name: "o/r", source: "/src" }).execute();
    await db
      .insertInto("outbox")
      .values({ message_id: "m1", subject: "s", payload: new Uint8Array([0, 1, 255]) })
      .execute();
    const row = await db.selectFrom("outbox").selectAll().executeTakeFirstOrThrow();
    expect([...row.payload]).toEqual([0, 1, 255]);
    expect(row.created_at).toBeInstanceOf(Date);
    expect(row.published_at).toBeNull();
    const repo = await db.selectFrom("repos").selectAll().executeTakeFirstOrThrow();
    expect(repo.name).toBe("o/r");
  });

  it("rolls a failed transaction back and keeps serving queries", async () => {
    database = await openTestDatabase(dialect);
    const { db } = database;
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto("repos").values({ name: "a/b", source: "x" }).execute();
        await trx.insertInto("repos").values({ name: "a/b", source: "x" }).execute();
      }),
    ).rejects.toThrow();
    const count = await db
      .selectFrom("repos")
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(0);
  });

  it("is idempotent when opened again on the same data", async () => {
    database = await openTestDatabase(dialect);
    const tables = await database.db.introspection.getTables();
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["seeds", "snapshot_units", "outbox"]));
  });
});

describe("openDatabase", () => {
  it("lets two processes' worth of migrators race on one Postgres database", async () => {
    const scratch = await createScratchPostgres();
    try {
      const both = await Promise.all([
        openDatabase({ kind: "postgres", url: scratch.url }),
        openDatabase({ kind: "postgres", url: scratch.url }),
      ]);
      const tables = await both[0].db.introspection.getTables();
      expect(tables.some((t) => t.name === "seeds")).toBe(true);
      await Promise.all(both.map((d) => d.close()));
    } finally {
      await scratch.drop();
    }
  });

  it("names the target when the server is unreachable", async () => {
    const target = parseDatabaseTarget("postgres://postgres:secret@127.0.0.1:1/none");
    const error = await openDatabase(target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect(String((error as Error).message)).toContain("127.0.0.1:1");
    expect(String((error as Error).message)).not.toContain("secret");
  });

  it("parses targets", () => {
    expect(parseDatabaseTarget("postgresql://h/db")).toEqual({ kind: "postgres", url: "postgresql://h/db" });
    expect(parseDatabaseTarget("memory:")).toEqual({ kind: "pglite", dir: null });
    expect(parseDatabaseTarget("/tmp/x")).toEqual({ kind: "pglite", dir: "/tmp/x" });
    expect(() => parseDatabaseTarget("mysql://h/db")).toThrow(/unsupported/);
    expect(() => parseDatabaseTarget(" ")).toThrow(/empty/);
  });
});
