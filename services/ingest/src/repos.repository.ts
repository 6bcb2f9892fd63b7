import type { Schema } from "@tracegen/db";
import type { Kysely } from "kysely";

/** Records (or updates) where a repository is mirrored from. */
export async function upsertRepo(db: Kysely<Schema>, name: string, source: string): Promise<void> {
  await db
    .insertInto("repos")
    .values({ name, source })
    .onConflict((oc) => oc.column("name").doUpdateSet({ source, updated_at: new Date() }))
    .execute();
}

/** Remembers the mirror's path once it exists. */
export async function setMirrorPath(db: Kysely<Schema>, name: string, mirrorPath: string): Promise<void> {
  await db.updateTable("repos").set({ mirror_path: mirrorPath }).where("name", "=", name).execute();
}

/** The stored source of each named repository that has one. */
export async function findRepoSources(
  db: Kysely<Schema>,
  names: readonly string[],
): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  const rows = await db.selectFrom("repos").select(["name", "source"]).where("name", "in", names).execute();
  return new Map(rows.map((r) => [r.name, r.source]));
}
