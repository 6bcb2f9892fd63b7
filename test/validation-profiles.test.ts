// Profiles end to end on real sandboxes: a stored profile (per version first) is what an
// environment uses, its install commands run once in the sandbox and shape the tree every run
// starts from, a failing one fails the environment with its output; under Docker the prepared
// tree is one labelled image per snapshot and profile, built once and reused.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Database } from "@tracegen/db";
import { openTestDatabase } from "@tracegen/db/testing";
import { createIngestCore } from "@tracegen/ingest";
import { silentLogger } from "@tracegen/log";
import { openSandbox, type Sandbox } from "@tracegen/sandbox";
import {
  createValidationCore,
  parseProfile,
  storeProfile,
  type ValidationCore,
  ValidationError,
} from "@tracegen/validation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADD_BUG, GENERATE_COMMAND, makeInstallFixture } from "./support/install-fixture.js";

/** `docker image inspect` of one image. */
function inspectImage(image: string): {
  Id: string;
  Created: string;
  Config: { Labels: Record<string, string> };
  RootFS: { Layers: string[] };
} {
  return JSON.parse(execFileSync("docker", ["image", "inspect", image], { encoding: "utf8" }))[0];
}

const profileOf = (fields: Record<string, unknown>) =>
  parseProfile(JSON.stringify({ repo: "install/fixture", env: {}, ...fields }), "test profile");

describe.each(["bwrap", "docker"] as const)("profiles and install commands in %s", (kind) => {
  let work: string;
  let database: Database;
  let sandbox: Sandbox;
  let snapshotId: string;
  const core = (): ValidationCore =>
    createValidationCore({
      db: database.db,
      sandbox,
      workDir: join(work, "validation"),
      logger: silentLogger(),
    });

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), `tg-profiles-${kind}-`));
    const fixture = makeInstallFixture(work);
    database = await openTestDatabase("postgres");
    const ingest = createIngestCore({
      db: database.db,
      mirrorsDir: join(work, "mirrors"),
      logger: silentLogger(),
    });
    const imported = await ingest.importSeeds({
      content: JSON.stringify(fixture.row),
      repos: [{ repo: fixture.repo, source: fixture.path }],
    });
    expect(imported.summary?.ready).toBe(1);
    snapshotId = (await ingest.getSeed(fixture.row.instance_id)).snapshot?.id ?? "";
    sandbox = await openSandbox(kind);
  }, 120_000);

  afterAll(async () => {
    if (sandbox?.images) {
      for (const image of await sandbox.images.list()) {
        if (image.labels["tracegen.snapshot"] === snapshotId) await sandbox.images.remove(image.image);
      }
    }
    await sandbox?.close();
    await database?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("uses the stored profile of the snapshot's version, whose install command the tests need", async () => {
    // Without a profile the generated module is missing: its test cannot pass.
    const plain = await core().buildEnvironment(snapshotId);
    expect(plain.env.profileOrigin).toBe("default");
    expect(plain.baseline.results.get("tests/test_generated.py::test_generated_value")).not.toBe("PASSED");

    // A repository-wide profile whose install fails, and one for version 1.0 that works: the
    // seed's version wins.
    await storeProfile(database.db, profileOf({ install: ["echo never used; exit 9"] }));
    await storeProfile(database.db, profileOf({ version: "1.0", install: [GENERATE_COMMAND] }));
    const validation = core();
    const ready = await validation.buildEnvironment(snapshotId);
    expect(ready.env.profileOrigin).toBe("stored-version");
    expect(ready.env.profile.install).toEqual([GENERATE_COMMAND]);
    expect(ready.env.id).not.toBe(plain.env.id);
    expect(ready.baseline.results.get("tests/test_generated.py::test_generated_value")).toBe("PASSED");
    const row = await database.db
      .selectFrom("environments")
      .select(["status", "log_ref", "image"])
      .where("id", "=", ready.env.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("ready");
    expect(await validation.readLog(row.log_ref ?? "")).toContain(`+ ${GENERATE_COMMAND}`);

    // A candidate's run starts from the installed tree: the generated test is P2P.
    const verdict = await validation.validate(snapshotId, { patch: ADD_BUG });
    expect(verdict).toMatchObject({ kind: "valid", failToPass: ["tests/test_calc.py::test_add"] });
    expect(verdict.passToPass).toContain("tests/test_generated.py::test_generated_value");
  }, 300_000);

  it("fails the environment with the install output when a command fails", async () => {
    const failing = profileOf({
      install: ["echo compiling the extension", "echo 'error: no compiler' >&2; exit 3"],
    });
    const error = await core()
      .buildEnvironment(snapshotId, failing)
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(ValidationError);
    const failure = error as ValidationError;
    expect(failure.code).toBe("ENVIRONMENT");
    expect(failure.message).toContain("install failed (exit 3)");
    expect(failure.message).toContain("error: no compiler");
    const row = await database.db
      .selectFrom("environments")
      .select(["status", "detail", "log_ref"])
      .where("id", "=", failure.environmentId ?? "")
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("failed");
    expect(row.detail).toContain("exit 3");
    const log = await core().readLog(row.log_ref ?? "");
    expect(log).toContain("compiling the extension");
    expect(log).toContain("tracegen: install command failed (exit 3)");
  }, 120_000);

  it.runIf(kind === "docker")(
    "builds one labelled image per snapshot and profile, once: a second core reuses it",
    async () => {
      const profile = profileOf({ install: [GENERATE_COMMAND] });
      const first = await core().buildEnvironment(snapshotId, profile);
      const before = inspectImage(first.env.image);
      expect(first.env.image).toBe(`tracegen/env:${first.env.id.slice(4)}`);
      expect(before.Config.Labels).toMatchObject({
        "tracegen.image": "environment",
        "tracegen.environment": first.env.id,
        "tracegen.snapshot": snapshotId,
      });
      expect((await sandbox.images?.list())?.map((i) => i.image)).toContain(first.env.image);

      // A new core (as a new process would be) validates on the same image: nothing rebuilt.
      const second = core();
      const verdict = await second.validate(
        snapshotId,
        { patch: ADD_BUG, candidateId: "reuse-check" },
        profile,
      );
      expect(verdict.kind).toBe("valid");
      expect(verdict.environmentId).toBe(first.env.id);
      const after = inspectImage(first.env.image);
      expect(after.Id).toBe(before.Id);
      expect(after.Created).toBe(before.Created);
      // Runs never write into the image: its tree has no candidate's change.
      expect(after.RootFS.Layers).toEqual(before.RootFS.Layers);
    },
    300_000,
  );
});
