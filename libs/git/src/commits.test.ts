import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { resolveCommit } from "./commits.js";
import { git, loadSeeds, REPO_ROOT, TINYLEDGER, tempDir } from "./fixtures.test-suite.js";
import { GitErrorCode } from "./git-error.js";
import { ensureMirror, type Mirror } from "./mirror.js";

const seeds = loadSeeds(join(TINYLEDGER, "seeds.jsonl"));
let root: string;
let mirror: Mirror;

beforeAll(async () => {
  root = await tempDir("commits");
  mirror = await ensureMirror({
    repo: "tinyledger/tinyledger",
    source: join(TINYLEDGER, "repo.bundle"),
    mirrorsDir: root,
  });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("resolveCommit", () => {
  test("resolves every seed's base commit to itself", async () => {
    for (const row of seeds) expect(await resolveCommit(mirror, row.base_commit)).toBe(row.base_commit);
  });

  test("resolves an unambiguous prefix, in either case", async () => {
    const base = (seeds[0] as (typeof seeds)[0]).base_commit;
    expect(await resolveCommit(mirror, base.slice(0, 10))).toBe(base);
    expect(await resolveCommit(mirror, base.slice(0, 10).toUpperCase())).toBe(base);
  });

  test("returns null for a well-formed SHA that is not in the mirror", async () => {
    expect(await resolveCommit(mirror, "badc0ffee0ddf00dbadc0ffee0ddf00dbadc0ffe")).toBeNull();
    expect(await resolveCommit(mirror, "0000000")).toBeNull();
  });

  test("returns null for an object that is not a commit", async () => {
    const base = (seeds[0] as (typeof seeds)[0]).base_commit;
    const blob = git(mirror.path, "--git-dir", mirror.path, "rev-parse", `${base}:README.md`).trim();
    expect(await resolveCommit(mirror, blob)).toBeNull();
  });

  test("never falls back to a repository above a mirror path that is not one", async () => {
    const base = (seeds[0] as (typeof seeds)[0]).base_commit;
    for (const path of [join(REPO_ROOT, "libs/git/src"), join(root, "gone.git")]) {
      await expect(resolveCommit({ repo: "x/y", path }, base)).rejects.toMatchObject({
        code: GitErrorCode.GIT_FAILED,
      });
    }
  });

  test.each(["HEAD", "main", "--output=/tmp/x", "abc", "", "g".repeat(40)])("rejects %j", async (rev) => {
    await expect(resolveCommit(mirror, rev)).rejects.toMatchObject({ code: GitErrorCode.INVALID_ARGUMENT });
  });
});
