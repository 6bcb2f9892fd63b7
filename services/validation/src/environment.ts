import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { exportTree } from "@tracegen/git";
import { baseImageTag } from "@tracegen/sandbox";
import type { UnitSpan } from "./change-analysis.js";
import { type ValidationContext, ValidationError } from "./context.js";
import { defaultProfile, type EnvironmentProfile, profileHash } from "./profile.js";

/** A snapshot ready to run its tests under one profile. */
export interface Environment {
  id: string;
  snapshotId: string;
  repo: string;
  commit: string;
  profile: EnvironmentProfile;
  /** The exported repository; every run works on a fresh copy of it. */
  repoDir: string;
  /** Docker image (base plus the profile's Debian packages); bwrap runs on the host's system. */
  image: string;
  /** Python files of the snapshot, to map JUnit class names back to paths. */
  pythonFiles: string[];
  /** Unit spans of the clean snapshot by path, to tell module-level edits from local ones. */
  unitSpans: Map<string, UnitSpan[]>;
}

/**
 * Prepares (or finds) the environment of a snapshot and profile: the snapshot's files exported
 * once from the mirror (atomically: a crash never leaves half a tree), recorded in Postgres.
 */
export async function prepareEnvironment(
  ctx: ValidationContext,
  snapshotId: string,
  profile?: EnvironmentProfile,
): Promise<Environment> {
  const snapshot = await ctx.db
    .selectFrom("snapshots as s")
    .innerJoin("repos as r", "r.name", "s.repo")
    .select(["s.id", "s.repo", "s.commit", "s.status", "r.mirror_path"])
    .where("s.id", "=", snapshotId)
    .executeTakeFirst();
  if (!snapshot)
    throw new ValidationError("NOT_FOUND", `snapshot ${snapshotId} not found: import a seed of it first`);
  if (!snapshot.mirror_path)
    throw new ValidationError("ENVIRONMENT", `repository ${snapshot.repo} has no mirror yet`);
  const files = await ctx.db
    .selectFrom("snapshot_files")
    .select("path")
    .where("snapshot_id", "=", snapshotId)
    .execute();
  const pythonFiles = files.map((f) => f.path);
  const chosen = profile ?? defaultProfile(snapshot.repo, pythonFiles);
  const hash = profileHash(chosen);
  const id = `env-${createHash("sha256").update(`${snapshotId}\n${hash}`).digest("hex").slice(0, 16)}`;
  const repoDir = join(ctx.workDir, "environments", id, "repo");
  if (!existsSync(repoDir)) {
    const temp = `${repoDir}.tmp-${process.pid}-${Date.now()}`;
    await mkdir(join(ctx.workDir, "environments", id), { recursive: true });
    try {
      await exportTree({ repo: snapshot.repo, path: snapshot.mirror_path }, snapshot.commit, temp);
      await rename(temp, repoDir).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
      });
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  }
  const image = baseImageTag(chosen.aptPackages);
  await ctx.db
    .insertInto("environments")
    .values({
      id,
      snapshot_id: snapshotId,
      profile_hash: hash,
      profile: JSON.stringify(chosen),
      sandbox: ctx.sandbox.kind,
      image: ctx.sandbox.kind === "docker" ? image : null,
      status: "ready",
    })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  const unitSpans = await loadUnitSpans(ctx, snapshotId);
  return {
    id,
    snapshotId,
    repo: snapshot.repo,
    commit: snapshot.commit,
    profile: chosen,
    repoDir,
    image,
    pythonFiles,
    unitSpans,
  };
}

/** Every unit's span in a snapshot, grouped by file: read once per environment, not per candidate. */
async function loadUnitSpans(ctx: ValidationContext, snapshotId: string): Promise<Map<string, UnitSpan[]>> {
  const rows = await ctx.db
    .selectFrom("snapshot_units")
    .select(["path", "kind", "start_line", "end_line"])
    .where("snapshot_id", "=", snapshotId)
    .execute();
  const byPath = new Map<string, UnitSpan[]>();
  for (const r of rows) {
    const list = byPath.get(r.path) ?? [];
    list.push({ kind: r.kind, startLine: r.start_line, endLine: r.end_line });
    byPath.set(r.path, list);
  }
  return byPath;
}
