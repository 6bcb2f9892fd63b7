import type { Schema } from "@tracegen/db";
import { type Kysely, sql } from "kysely";
import { type EnvironmentProfile, profileFromJson } from "./profile.js";

/** Where an environment's profile came from. */
export type ProfileOrigin = "given" | "stored-version" | "stored" | "default";

/**
 * Stores a profile for its repository, under its version when it has one (else for every
 * version); a later profile for the same repository and version replaces it.
 */
export async function storeProfile(
  db: Kysely<Schema>,
  profile: EnvironmentProfile,
  source = "",
): Promise<void> {
  const row = {
    repo: profile.repo,
    version: profile.version ?? "",
    profile: JSON.stringify(profile),
    source,
  };
  await db
    .insertInto("profiles")
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(["repo", "version"])
        .doUpdateSet({ profile: row.profile, source: row.source, updated_at: new Date() }),
    )
    .execute();
}

/**
 * The stored profile for a snapshot: one stored for the version of the snapshot's seeds first
 * (SWE-bench rows carry `version`), else the repository's own, else none.
 */
export async function findStoredProfile(
  db: Kysely<Schema>,
  repo: string,
  snapshotId: string,
): Promise<{ profile: EnvironmentProfile; origin: "stored-version" | "stored" } | undefined> {
  const rows = await db
    .selectFrom("profiles")
    .select(["version", "profile"])
    .where("repo", "=", repo)
    .execute();
  if (rows.length === 0) return undefined;
  const versions = new Set(
    (
      await db
        .selectFrom("seeds")
        .select(sql<string | null>`row->>'version'`.as("version"))
        .where("snapshot_id", "=", snapshotId)
        .execute()
    )
      .map((r) => r.version)
      .filter((v): v is string => Boolean(v)),
  );
  const versioned = rows
    .filter((r) => r.version !== "" && versions.has(r.version))
    .sort((a, b) => a.version.localeCompare(b.version))[0];
  if (versioned) {
    return {
      profile: profileFromJson(versioned.profile, `stored profile ${repo}@${versioned.version}`),
      origin: "stored-version",
    };
  }
  const general = rows.find((r) => r.version === "");
  return general
    ? { profile: profileFromJson(general.profile, `stored profile ${repo}`), origin: "stored" }
    : undefined;
}
