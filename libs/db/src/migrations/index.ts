import type { Migration } from "kysely/migration";
import * as ingest from "./2026-11-22t0000-ingest.js";
import * as messaging from "./2026-11-22t0001-messaging.js";
import * as validation from "./2026-11-22t0002-validation.js";
import * as traceEdits from "./2026-12-01t0003-trace-edits.js";
import * as retrieval from "./2026-12-01t0004-retrieval.js";
import * as profiles from "./2026-12-01t0005-profiles.js";
import * as synthesis from "./2026-12-01t0006-synthesis.js";
import * as instances from "./2026-12-01t0007-instances.js";

/** Every migration, keyed by its timestamped name; kysely runs them in key order. */
export const migrations: Record<string, Migration> = {
  "2026-11-22t0000-ingest": ingest,
  "2026-11-22t0001-messaging": messaging,
  "2026-11-22t0002-validation": validation,
  "2026-12-01t0003-trace-edits": traceEdits,
  "2026-12-01t0004-retrieval": retrieval,
  "2026-12-01t0005-profiles": profiles,
  "2026-12-01t0006-synthesis": synthesis,
  "2026-12-01t0007-instances": instances,
};
