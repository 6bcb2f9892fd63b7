import type { Migration } from "kysely/migration";
import * as ingest from "./2026-11-22t0000-ingest.js";
import * as messaging from "./2026-11-22t0001-messaging.js";
import * as validation from "./2026-11-22t0002-validation.js";

/** Every migration, keyed by its timestamped name; kysely runs them in key order. */
export const migrations: Record<string, Migration> = {
  "2026-11-22t0000-ingest": ingest,
  "2026-11-22t0001-messaging": messaging,
  "2026-11-22t0002-validation": validation,
};
