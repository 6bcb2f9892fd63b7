import type { Database } from "@tracegen/db";
import { openTestDatabase, testDialects } from "@tracegen/db/testing";
import { afterEach, describe, expect, it } from "vitest";
import { handleOnce } from "./handle-once.js";

describe.each(testDialects)("handleOnce on %s", (dialect) => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  const repoNames = async (db: Database["db"]) =>
    (await db.selectFrom("repos").select("name").orderBy("name").execute()).map((r) => r.name);
  const processed = async (db: Database["db"]) =>
    (await db.selectFrom("processed_messages").select(["consumer", "message_id"]).execute()).map(
      (r) => `${r.consumer}/${r.message_id}`,
    );

  it("commits the effect with the processed id, and skips the same id afterwards", async () => {
    database = await openTestDatabase(dialect);
    const { db } = database;
    const effect = (name: string) => async (trx: typeof db) => {
      await trx.insertInto("repos").values({ name, source: "/src" }).execute();
    };
    expect(await handleOnce(db, "ingest", "m1", effect("a/one"))).toBe(true);
    expect(await handleOnce(db, "ingest", "m1", effect("a/two"))).toBe(false);
    // Another consumer handles the same message independently.
    expect(await handleOnce(db, "retrieval", "m1", effect("a/three"))).toBe(true);
    expect(await repoNames(db)).toEqual(["a/one", "a/three"]);
    expect((await processed(db)).sort()).toEqual(["ingest/m1", "retrieval/m1"]);
  });

  it("leaves neither the effect nor the id when the effect throws, so a retry runs it", async () => {
    database = await openTestDatabase(dialect);
    const { db } = database;
    const failing = handleOnce(db, "ingest", "m2", async (trx) => {
      await trx.insertInto("repos").values({ name: "b/half", source: "/src" }).execute();
      throw new Error("effect failed");
    });
    await expect(failing).rejects.toThrow("effect failed");
    expect(await repoNames(db)).toEqual([]);
    expect(await processed(db)).toEqual([]);
    const retried = await handleOnce(db, "ingest", "m2", async (trx) => {
      await trx.insertInto("repos").values({ name: "b/whole", source: "/src" }).execute();
    });
    expect(retried).toBe(true);
    expect(await repoNames(db)).toEqual(["b/whole"]);
  });

  it("runs the effect once when the same id is handled concurrently", async () => {
    database = await openTestDatabase(dialect);
    const { db } = database;
    let runs = 0;
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        handleOnce(db, "ingest", "m3", async (trx) => {
          runs++;
          await trx.insertInto("repos").values({ name: "c/once", source: "/src" }).execute();
        }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(runs).toBe(1);
  });
});
