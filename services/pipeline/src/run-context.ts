import type { Bus } from "@tracegen/bus";
import type { Schema } from "@tracegen/db";
import type { Logger } from "@tracegen/log";
import type { Statement, StatementInput } from "@tracegen/statement";
import type { Kysely } from "kysely";
import type { Progress } from "./progress.js";
import type { RunServices } from "./run-services.js";

/** Writes a problem statement (the LLM writer of @tracegen/statement, or anything shaped like it). */
export interface StatementWriter {
  write(input: StatementInput, signal?: AbortSignal): Promise<Statement>;
}

/** What every stage of a run works with. */
export interface RunContext {
  db: Kysely<Schema>;
  logger: Logger;
  bus: Bus | undefined;
  progress: Progress;
  /** The stage work: in this process or on the services. */
  services: RunServices;
  statementWriter: StatementWriter | undefined;
}

/** Why an item was left for the next run, counted per kind (`validate_failed`, `statement_parked_quota`, ...). */
export type Transients = Record<string, number>;

/** Counts one transient failure. */
export function countTransient(transients: Transients, kind: string): void {
  transients[kind] = (transients[kind] ?? 0) + 1;
}
