import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { exportTree } from "@tracegen/git";
import { baseImageTag, SandboxError } from "@tracegen/sandbox";
import type { UnitSpan } from "./change-analysis.js";
import { type ValidationContext, ValidationError } from "./context.js";
import { prepareTree } from "./prepare-tree.js";
import { defaultProfile, type EnvironmentProfile, profileHash } from "./profile.js";
import { findStoredProfile, type ProfileOrigin } from "./profile-store.js";
import { pytestFlags } from "./pytest-flags.js";
import type { RunTree } from "./run-tests.js";

// Part of every environment id: bump it when the way trees are prepared changes, so images and
// baselines made the old way are not reused.
const PREPARATION = "prepared-v1";

/** A snapshot ready to run its tests under one profile. */
export interface Environment {
  id: string;
  snapshotId: string;
  repo: string;
  commit: string;
  profile: EnvironmentProfile;
  /** Given by the caller, stored for the repository (per version first), or the default. */
  profileOrigin: ProfileOrigin;
  /** The prepared tree (export, install commands, compiled bytecode); every run starts from a fresh copy of it. */
  repoDir: string;
  /**
   * Docker: the environment image (the prepared tree at /work on the base image with the
   * profile's Debian packages), shared by every run of the environment. bwrap: the base
   * image's tag, for the record only (bwrap runs on the host's system).
   */
  image: string;
  /** True when `image` holds the tree: runs then ship only the paths they change. */
  treeImage: boolean;
  /** Flags every test run of this environment gets (see pytestFlags). */
  flags: string[];
  /** Python files of the snapshot, to map JUnit class names back to paths. */
  pythonFiles: string[];
  /** Unit spans of the clean snapshot by path, to tell module-level edits from local ones. */
  unitSpans: Map<string, UnitSpan[]>;
}

/**
 * Where a run's tree comes from: `dir` holds the wanted tree (or, with an environment image,
 * at least the `changed` paths). With an image and a known list of changes, only those travel
 * into the container; otherwise `dir` is copied whole.
 */
export function treeOf(env: Environment, dir: string, changed?: readonly string[]): RunTree {
  if (env.treeImage && changed !== undefined) {
    return { repoDir: dir, image: env.image, imageTree: { changed } };
  }
  return { repoDir: dir, image: env.image };
}

/** The profile an environment uses: given, stored, or (undefined) the default for the snapshot's files. */
export interface ProfileChoice {
  profile: EnvironmentProfile | undefined;
  origin: ProfileOrigin;
}

/** The given profile, else the one stored for the snapshot's repository (for its seeds' version first), else the default. */
export async function chooseProfile(
  ctx: ValidationContext,
  snapshotId: string,
  given?: EnvironmentProfile,
): Promise<ProfileChoice> {
  if (given) return { profile: given, origin: "given" };
  const snapshot = await ctx.db
    .selectFrom("snapshots")
    .select("repo")
    .where("id", "=", snapshotId)
    .executeTakeFirst();
  const stored = snapshot ? await findStoredProfile(ctx.db, snapshot.repo, snapshotId) : undefined;
  return stored
    ? { profile: stored.profile, origin: stored.origin }
    : { profile: undefined, origin: "default" };
}

/**
 * Prepares (or finds) the environment of a snapshot and profile. The profile is the one given,
 * else the one stored for the snapshot's repository (for its seeds' version first), else the
 * default. The first time: the snapshot's files are exported from the mirror, the profile's
 * install commands run in the sandbox over them (a failure fails the environment with their
 * output), and the result moves into place atomically (a crash never leaves half a tree).
 * Under Docker the prepared tree becomes the environment's image, built once and reused.
 */
export async function prepareEnvironment(
  ctx: ValidationContext,
  snapshotId: string,
  choice?: ProfileChoice | EnvironmentProfile,
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
  const { profile, origin } =
    choice === undefined || !("origin" in choice) ? await chooseProfile(ctx, snapshotId, choice) : choice;
  const chosen = profile ?? defaultProfile(snapshot.repo, pythonFiles);
  const hash = profileHash(chosen);
  const kind = ctx.sandbox.kind;
  // Install commands run inside the sandbox, so each kind prepares its own tree.
  const id = `env-${createHash("sha256").update(`${snapshotId}\n${hash}\n${kind}\n${PREPARATION}`).digest("hex").slice(0, 16)}`;
  const envDir = join(ctx.workDir, "environments", id);
  const repoDir = join(envDir, "repo");
  const images = ctx.sandbox.images;
  const base = images
    ? await imageStep(() => images.ensureBase(chosen.aptPackages))
    : baseImageTag(chosen.aptPackages);

  let logRef: string | null = null;
  if (!existsSync(repoDir)) {
    await mkdir(envDir, { recursive: true });
    const stamp = `${process.pid}-${Date.now()}`;
    const exported = `${repoDir}.export-${stamp}`;
    const prepared = `${repoDir}.prepared-${stamp}`;
    try {
      await exportTree({ repo: snapshot.repo, path: snapshot.mirror_path }, snapshot.commit, exported);
      const outcome = await prepareTree(ctx, { exported, prepared, profile: chosen, image: base });
      logRef = outcome.logRef;
      if (!outcome.ok) {
        await recordEnvironment(
          ctx,
          { id, snapshotId, hash, profile: chosen, image: null },
          "failed",
          outcome.detail,
          logRef,
        );
        throw new ValidationError("ENVIRONMENT", `environment ${id}: ${outcome.detail}`, {
          environmentId: id,
          logRef,
        });
      }
      await rename(prepared, repoDir).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
      });
    } finally {
      await rm(exported, { recursive: true, force: true });
      await rm(prepared, { recursive: true, force: true });
    }
  }

  let image = base;
  if (images) {
    const built = await imageStep(() =>
      images.ensureTree({
        tag: `tracegen/env:${id.slice("env-".length)}`,
        base,
        treeDir: repoDir,
        labels: {
          "tracegen.environment": id,
          "tracegen.snapshot": snapshotId,
          "tracegen.profile-hash": hash,
          "tracegen.base": base,
        },
      }),
    );
    image = built.image;
    if (built.built) ctx.logger.info({ environment: id, image }, "environment image built");
  }
  await recordEnvironment(
    ctx,
    { id, snapshotId, hash, profile: chosen, image: images ? image : null },
    "ready",
    null,
    logRef,
  );
  return {
    id,
    snapshotId,
    repo: snapshot.repo,
    commit: snapshot.commit,
    profile: chosen,
    profileOrigin: origin,
    repoDir,
    image,
    treeImage: images !== undefined,
    flags: await pytestFlags(repoDir, chosen),
    pythonFiles,
    unitSpans: await loadUnitSpans(ctx, snapshotId),
  };
}

/** Image work fails the environment, not the process: a missing base or a failed build is ENVIRONMENT. */
async function imageStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof SandboxError) throw new ValidationError("ENVIRONMENT", error.message);
    throw error;
  }
}

async function recordEnvironment(
  ctx: ValidationContext,
  env: { id: string; snapshotId: string; hash: string; profile: EnvironmentProfile; image: string | null },
  status: "ready" | "failed",
  detail: string | null,
  logRef: string | null,
): Promise<void> {
  const changes = {
    status,
    detail,
    image: env.image,
    sandbox: ctx.sandbox.kind,
    ...(logRef ? { log_ref: logRef } : {}),
  };
  await ctx.db
    .insertInto("environments")
    .values({
      id: env.id,
      snapshot_id: env.snapshotId,
      profile_hash: env.hash,
      profile: JSON.stringify(env.profile),
      log_ref: logRef,
      ...changes,
    })
    .onConflict((oc) => oc.column("id").doUpdateSet(changes))
    .execute();
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
