/** The TraceGen database: kysely over Postgres or embedded PGlite, with in-code migrations. */
export { type InsertRowsOptions, insertRows } from "./insert-rows.js";
export { type Database, DatabaseError, type OpenDatabaseOptions, openDatabase } from "./open-database.js";
export type * from "./schema.js";
export { type DatabaseTarget, describeTarget, parseDatabaseTarget } from "./target.js";
