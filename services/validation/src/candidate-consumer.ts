import { fromBinary } from "@bufbuild/protobuf";
import { type Bus, Poison, type Subscription } from "@tracegen/bus";
import type { Schema } from "@tracegen/db";
import type { Logger } from "@tracegen/log";
import { CandidateSynthesizedSchema, Subjects } from "@tracegen/proto";
import type { Kysely } from "kysely";
import { ValidationError } from "./context.js";
import type { ValidationCore } from "./validation-core.js";

/** How a validation worker takes candidates off the bus. */
export interface CandidateConsumerOptions {
  /** Durable consumer name: workers sharing it split the candidates. */
  durable: string;
  /** Candidates validated at once by this worker. */
  concurrency: number;
  /** A dead worker's candidates are redelivered after this long. */
  ackWaitMs: number;
}

/**
 * The validation worker of distributed mode: validates every candidate announced on
 * `tracegen.candidate.synthesized`. Postgres is the source of truth: the event names the
 * candidate, its row gives the patch; a candidate with a stored verdict is acked at once, so a
 * redelivery (a worker killed mid-run, a re-announcement on resume) never validates twice, and
 * `verdicts`' primary key keeps one verdict per candidate even when two workers race.
 */
export function consumeCandidates(
  core: ValidationCore,
  db: Kysely<Schema>,
  bus: Bus,
  logger: Logger,
  options: CandidateConsumerOptions,
): Promise<Subscription> {
  const log = logger.child({ component: "candidate-consumer" });
  return bus.consume({
    durable: options.durable,
    subjects: [Subjects.candidateSynthesized],
    concurrency: options.concurrency,
    ackWaitMs: options.ackWaitMs,
    handler: async (message) => {
      let candidateId: string;
      try {
        candidateId = fromBinary(CandidateSynthesizedSchema, message.data).candidate?.id ?? "";
      } catch (error) {
        throw new Poison(`undecodable candidate event ${message.id}: ${(error as Error).message}`);
      }
      if (!candidateId) throw new Poison(`candidate event ${message.id} names no candidate`);
      const row = await db
        .selectFrom("candidates as c")
        .leftJoin("verdicts as v", "v.candidate_id", "c.id")
        .select(["c.snapshot_id", "c.patch", "v.kind"])
        .where("c.id", "=", candidateId)
        .executeTakeFirst();
      if (!row) {
        // Another deployment's event on a shared stream: not ours to validate.
        log.warn({ candidate: candidateId }, "candidate not in this database; skipped");
        return;
      }
      if (row.kind) return;
      const started = Date.now();
      try {
        const verdict = await core.validate(row.snapshot_id, { patch: row.patch, candidateId });
        log.info(
          {
            candidate: candidateId,
            verdict: verdict.kind,
            reason: verdict.reason,
            delivery: message.deliveryCount,
            seconds: (Date.now() - started) / 1000,
          },
          "candidate validated",
        );
      } catch (error) {
        // Bad input never passes; anything else (a sandbox crash, an environment) is retried.
        if (error instanceof ValidationError && error.code !== "ENVIRONMENT")
          throw new Poison(`candidate ${candidateId}: ${error.message}`);
        throw error;
      }
    },
  });
}
