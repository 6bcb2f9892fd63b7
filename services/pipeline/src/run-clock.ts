import type { Schema } from "@tracegen/db";
import { type Kysely, sql } from "kysely";

/** A run's time, kept in the database as it is spent, so a run killed and resumed still reports all of it. */
export interface RunClock {
  /** Adds seconds spent in a stage; the wall time grows by the time since the last tick. */
  add(stage: string, seconds: number): Promise<void>;
  /** The run's first start, its summed wall time and its seconds per stage. */
  read(): Promise<{ startedAt: Date; wallSeconds: number; stageSeconds: Record<string, number> }>;
}

/** Starts an invocation of the run in `outDir` (creating the run's row the first time). */
export async function startRunClock(db: Kysely<Schema>, outDir: string, runId: string): Promise<RunClock> {
  await db
    .insertInto("runs")
    .values({ out_dir: outDir, run_id: runId, invocations: 1 })
    .onConflict((oc) =>
      oc
        .column("out_dir")
        .doUpdateSet({ run_id: runId, invocations: sql`runs.invocations + 1`, updated_at: new Date() }),
    )
    .execute();
  let last = Date.now();
  return {
    async add(stage, seconds) {
      const now = Date.now();
      const wall = (now - last) / 1000;
      last = now;
      await db
        .updateTable("runs")
        .set({
          wall_seconds: sql`wall_seconds + ${wall}`,
          stage_seconds: sql`jsonb_set(stage_seconds, ${sql.lit(`{${stage}}`)}::text[], to_jsonb(coalesce((stage_seconds->>${stage})::float8, 0) + ${seconds}::float8))`,
          updated_at: new Date(),
        })
        .where("out_dir", "=", outDir)
        .execute();
    },
    async read() {
      const row = await db
        .selectFrom("runs")
        .select(["started_at", "wall_seconds", "stage_seconds"])
        .where("out_dir", "=", outDir)
        .executeTakeFirstOrThrow();
      return {
        startedAt: new Date(row.started_at),
        wallSeconds: row.wall_seconds,
        stageSeconds: row.stage_seconds,
      };
    },
  };
}
