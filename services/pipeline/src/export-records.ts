import type { Schema } from "@tracegen/db";
import type { InstanceRecord } from "@tracegen/export";
import { baseImageTag } from "@tracegen/sandbox";
import type { Kysely } from "kysely";
import type { RunSeed } from "./run-scope.js";

/**
 * The run's instances as export records, by instance id: the candidate (bug patch, strategy,
 * target), its verdict (FAIL_TO_PASS / PASS_TO_PASS), its snapshot (repo, base commit), its
 * seed (version) and the environment it was validated in (image). `test_patch` is empty:
 * the repository's own tests prove a synthetic bug.
 */
export async function loadInstanceRecords(
  db: Kysely<Schema>,
  seeds: readonly RunSeed[],
  snapshots: readonly string[],
): Promise<InstanceRecord[]> {
  if (snapshots.length === 0) return [];
  const rows = await db
    .selectFrom("instances as i")
    .innerJoin("candidates as c", "c.id", "i.candidate_id")
    .innerJoin("verdicts as v", "v.candidate_id", "c.id")
    .innerJoin("snapshots as s", "s.id", "c.snapshot_id")
    .leftJoin("environments as e", "e.id", "v.environment_id")
    .select(["i.instance_id", "i.problem_statement", "i.created_at", "i.seed_id"])
    .select(["c.id", "c.patch", "c.strategy", "c.mutator", "c.trace_id", "c.target_path", "c.target_unit"])
    .select(["v.fail_to_pass", "v.pass_to_pass", "s.repo", "s.commit", "e.image", "e.profile"])
    .where("i.snapshot_id", "in", [...snapshots])
    .orderBy("i.instance_id")
    .execute();
  const versions = new Map(seeds.map((s) => [s.id, s.version]));
  return rows.map((r) => ({
    instanceId: r.instance_id,
    repo: r.repo,
    baseCommit: r.commit,
    bugPatch: r.patch,
    testPatch: "",
    problemStatement: r.problem_statement,
    failToPass: r.fail_to_pass,
    passToPass: r.pass_to_pass,
    createdAt: new Date(r.created_at).toISOString(),
    version: (r.seed_id ? versions.get(r.seed_id) : undefined) ?? "",
    imageName: r.image ?? imageOfProfile(r.profile),
    strategy: r.strategy,
    mutator: r.mutator,
    seedId: r.seed_id ?? "",
    traceId: r.trace_id ?? "",
    candidateId: r.id,
    targetPath: r.target_path,
    targetUnit: r.target_unit,
  }));
}

/** Without an environment image (bubblewrap), the base image the profile names. */
function imageOfProfile(profile: Record<string, unknown> | null): string {
  const packages = profile?.aptPackages;
  return baseImageTag(
    Array.isArray(packages) ? packages.filter((p): p is string => typeof p === "string") : [],
  );
}
