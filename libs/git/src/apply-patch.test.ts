import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { applyPatchToTree } from "./apply-patch.js";
import { childOf, git, HOSTILE, loadSeeds, seed, TINYLEDGER, tempDir } from "./fixtures.test-suite.js";
import { GitErrorCode } from "./git-error.js";
import { ensureMirror, type Mirror } from "./mirror.js";

const tinySeeds = loadSeeds(join(TINYLEDGER, "seeds.jsonl"));
const hostileSeeds = loadSeeds(join(HOSTILE, "seeds.jsonl"));
let root: string;
let tinyledger: Mirror;
let hostile: Mirror;

beforeAll(async () => {
  root = await tempDir("apply");
  tinyledger = await ensureMirror({
    repo: "tinyledger/tinyledger",
    source: join(TINYLEDGER, "repo.bundle"),
    mirrorsDir: root,
  });
  hostile = await ensureMirror({
    repo: "hostile/hostile",
    source: join(HOSTILE, "repo.bundle"),
    mirrorsDir: root,
  });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function treeOf(mirror: Mirror, commit: string): string {
  return git(mirror.path, "--git-dir", mirror.path, "rev-parse", `${commit}^{tree}`).trim();
}

describe("applyPatchToTree", () => {
  test.each(tinySeeds.map((row) => [row.instance_id, row] as const))(
    "%s: test_patch then patch on base_commit gives exactly the fix commit's tree",
    async (_id, row) => {
      const withTests = await applyPatchToTree(tinyledger, row.base_commit, row.test_patch);
      expect(withTests.tree).not.toBe(treeOf(tinyledger, row.base_commit));
      const fixed = await applyPatchToTree(tinyledger, withTests.tree, row.patch);
      expect(fixed.tree).toBe(treeOf(tinyledger, childOf(tinyledger.path, row.base_commit)));
      // The gold patch alone applies too.
      await applyPatchToTree(tinyledger, row.base_commit, row.patch);
    },
  );

  test("a patch that is already applied fails with PATCH_DOES_NOT_APPLY and git's message", async () => {
    const row = seed(tinySeeds, "tinyledger__tinyledger-1");
    const fixCommit = childOf(tinyledger.path, row.base_commit);
    const error = await applyPatchToTree(tinyledger, fixCommit, row.patch).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: GitErrorCode.PATCH_DOES_NOT_APPLY });
    expect((error as Error).message).toMatch(/src\/tinyledger\/ledger\.py.*patch does not apply/s);
  });

  test("the hostile stale-patch row fails and its good twin applies", async () => {
    const stale = seed(hostileSeeds, "hostile__hostile-4");
    const tests = await applyPatchToTree(hostile, stale.base_commit, stale.test_patch);
    await expect(applyPatchToTree(hostile, tests.tree, stale.patch)).rejects.toMatchObject({
      code: GitErrorCode.PATCH_DOES_NOT_APPLY,
    });
    const good = seed(hostileSeeds, "hostile__hostile-2");
    await applyPatchToTree(hostile, tests.tree, good.patch);
  });

  test("a binary patch applies without a work tree", async () => {
    const row = seed(hostileSeeds, "hostile__hostile-10");
    const withTests = await applyPatchToTree(hostile, row.base_commit, row.test_patch);
    const fixed = await applyPatchToTree(hostile, withTests.tree, row.patch);
    expect(fixed.tree).toBe(treeOf(hostile, childOf(hostile.path, row.base_commit)));
  });

  test("text that is not a patch is BAD_PATCH; a missing base is COMMIT_MISSING", async () => {
    const base = seed(tinySeeds, "tinyledger__tinyledger-1").base_commit;
    for (const text of ["", "hello\nworld\n"]) {
      await expect(applyPatchToTree(tinyledger, base, text)).rejects.toMatchObject({
        code: GitErrorCode.BAD_PATCH,
      });
    }
    const missing = seed(hostileSeeds, "hostile__hostile-3");
    await expect(applyPatchToTree(hostile, missing.base_commit, missing.patch)).rejects.toMatchObject({
      code: GitErrorCode.COMMIT_MISSING,
    });
  });

  test("leaves the mirror's refs and index alone", async () => {
    const refs = () => git(tinyledger.path, "--git-dir", tinyledger.path, "for-each-ref");
    const before = refs();
    const row = seed(tinySeeds, "tinyledger__tinyledger-2");
    await applyPatchToTree(tinyledger, row.base_commit, row.patch);
    expect(refs()).toBe(before);
    expect(existsSync(join(tinyledger.path, "index"))).toBe(false);
  });
});
