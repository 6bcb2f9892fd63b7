import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import { Migrator } from "kysely/migration";
import pg from "pg";
import { migrations } from "./migrations/index.js";
import { PGliteDialect } from "./pglite-dialect.js";
import type { Schema } from "./schema.js";
import { type DatabaseTarget, describeTarget } from "./target.js";

/** An open TraceGen database. */
export interface Database {
  db: Kysely<Schema>;
  target: DatabaseTarget;
  close(): Promise<void>;
}

/** Raised when the database cannot be opened or migrated; `message` names the target. */
export class DatabaseError extends Error {
  override readonly name = "DatabaseError";
}

/** Options for {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** Run migrations to the latest version before returning (default true). */
  migrate?: boolean;
  /** Max pool size for Postgres (default 10). */
  poolSize?: number;
}

/**
 * Opens the database and migrates it to the latest schema. Migrations run under Postgres'
 * advisory lock (kysely's Postgres adapter), so several processes may start at once.
 */
export async function openDatabase(
  target: DatabaseTarget,
  options: OpenDatabaseOptions = {},
): Promise<Database> {
  const db =
    target.kind === "postgres"
      ? openPostgres(target.url, options.poolSize ?? 10)
      : await openPglite(target.dir);
  try {
    await db.selectNoFrom((eb) => eb.lit(1).as("one")).execute();
  } catch (error) {
    await db.destroy().catch(() => {});
    throw new DatabaseError(`cannot reach database ${describeTarget(target)}: ${errorText(error)}`, {
      cause: error,
    });
  }
  if (options.migrate ?? true) {
    const { error } = await new Migrator({
      db,
      provider: { getMigrations: async () => migrations },
    }).migrateToLatest();
    if (error) {
      await db.destroy().catch(() => {});
      throw new DatabaseError(`migrating ${describeTarget(target)} failed: ${errorText(error)}`, {
        cause: error,
      });
    }
  }
  return { db, target, close: () => db.destroy() };
}

function openPostgres(url: string, max: number): Kysely<Schema> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client's error (server restart) must not crash the process; the next query reports it.
  pool.on("error", () => {});
  return new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
}

async function openPglite(dir: string | null): Promise<Kysely<Schema>> {
  if (dir !== null) mkdirSync(dir, { recursive: true });
  const pglite = dir === null ? new PGlite() : new PGlite(dir);
  return new Kysely<Schema>({ dialect: new PGliteDialect(pglite) });
}

function errorText(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(errorText).join("; ");
  return error instanceof Error ? error.message : String(error);
}
