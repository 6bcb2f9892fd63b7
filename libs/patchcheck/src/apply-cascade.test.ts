import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyPatchCascade } from "./apply-cascade.js";
import { PatchCheckError, PatchCheckErrorCode } from "./patchcheck-error.js";

const lines = (n: number, tag = "line") => Array.from({ length: n }, (_, i) => `${tag} ${i + 1}`);
const text = (list: string[]) => `${list.join("\n")}\n`;
const ORIGINAL = lines(30);

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
    cwd,
    encoding: "utf8",
    timeout: 30_000,
  });

/** A unified diff of `path` from `before` to `after`, made by git itself. */
async function diffOf(path: string, before: string, after: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "tracegen-diff-"));
  try {
    git(dir, "init", "-q");
    await writeFile(join(dir, path), before);
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "before");
    await writeFile(join(dir, path), after);
    return git(dir, "diff");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function changed(list: string[], at: number, value: string): string[] {
  const copy = [...list];
  copy[at - 1] = value;
  return copy;
}

describe("applyPatchCascade in a git work tree", () => {
  let repo: string;
  beforeEach(async () => {
    repo = await mkdtemp(join(tmpdir(), "tracegen-cascade-"));
    git(repo, "init", "-q");
    await writeFile(join(repo, "mod.py"), text(ORIGINAL));
    await writeFile(join(repo, "other.py"), text(lines(5, "other")));
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "base");
  });
  afterEach(async () => {
    await rm(repo, { recursive: true, force: true });
  });
  const read = (path: string) => readFile(join(repo, path), "utf8");

  it("applies a clean patch with git apply and leaves the index alone", async () => {
    const patch = await diffOf("mod.py", text(ORIGINAL), text(changed(ORIGINAL, 5, "fixed 5")));
    const result = await applyPatchCascade(repo, patch);
    expect(result).toMatchObject({ applied: true, method: "git-apply" });
    expect(await read("mod.py")).toBe(text(changed(ORIGINAL, 5, "fixed 5")));
    expect(git(repo, "diff", "--cached", "--name-only")).toBe("");
  });

  it("falls back to --3way when the base moved but the blob is known", async () => {
    const patch = await diffOf("mod.py", text(ORIGINAL), text(changed(ORIGINAL, 5, "fixed 5")));
    await writeFile(join(repo, "mod.py"), text(changed(ORIGINAL, 8, "moved 8")));
    git(repo, "commit", "-qam", "upstream moved");
    const result = await applyPatchCascade(repo, patch);
    expect(result).toMatchObject({ applied: true, method: "git-apply-3way" });
    expect(await read("mod.py")).toBe(text(changed(changed(ORIGINAL, 8, "moved 8"), 5, "fixed 5")));
    expect(git(repo, "diff", "--cached", "--name-only")).toBe("");
  });

  it("falls back to patch --fuzz when the context drifted and shifted", async () => {
    // Made against a version this repository never had, so --3way finds no base blob.
    const theirs = changed(ORIGINAL, 30, "their line 30");
    const patch = await diffOf("mod.py", text(theirs), text(changed(theirs, 10, "fixed 10")));
    // Three lines inserted above and the first context line reworded: only fuzz copes.
    const drifted = ["new a", "new b", "new c", ...changed(ORIGINAL, 7, "line 7 reworded")];
    await writeFile(join(repo, "mod.py"), text(drifted));
    git(repo, "commit", "-qam", "drift");
    const result = await applyPatchCascade(repo, patch);
    expect(result).toMatchObject({ applied: true, method: "patch-fuzz" });
    expect(await read("mod.py")).toBe(text(changed(drifted, 13, "fixed 10")));
    expect((await readdir(repo)).sort()).toEqual([".git", "mod.py", "other.py"]);
  });

  it("reports a patch that applies nowhere and restores the tree, earlier edits included", async () => {
    const good = await diffOf(
      "other.py",
      text(lines(5, "other")),
      text(changed(lines(5, "other"), 2, "edited")),
    );
    const bad = await diffOf(
      "mod.py",
      text(lines(30, "unrelated")),
      text(changed(lines(30, "unrelated"), 5, "x")),
    );
    const created = await diffOf("brand_new.py", "", "print('hi')\n");
    // A test patch applied earlier, and an untracked file, must survive the failed attempts.
    await writeFile(join(repo, "mod.py"), text(changed(ORIGINAL, 1, "test patch edit")));
    await writeFile(join(repo, "untracked.txt"), "keep me\n");
    const status = git(repo, "status", "--porcelain");
    const result = await applyPatchCascade(repo, good + created + bad);
    expect(result.applied).toBe(false);
    expect(result.log).toContain("$ git apply --verbose\n");
    expect(result.log).toContain("$ git apply --verbose --3way");
    expect(result.log).toContain("$ patch --batch --forward --fuzz=5 -p1");
    expect(result.log).toMatch(/patch does not apply/);
    expect(result.log).toMatch(/FAILED/);
    expect(git(repo, "status", "--porcelain")).toBe(status);
    expect(await read("other.py")).toBe(text(lines(5, "other")));
    expect(await read("mod.py")).toBe(text(changed(ORIGINAL, 1, "test patch edit")));
    expect(await read("untracked.txt")).toBe("keep me\n");
  });

  it("refuses unsafe patches before touching the directory", async () => {
    const evil = "--- a/../escape.py\n+++ b/../escape.py\n@@ -0,0 +1 @@\n+x\n";
    await expect(applyPatchCascade(repo, evil)).rejects.toMatchObject({
      code: PatchCheckErrorCode.PATCH_REFUSED,
    });
    await expect(applyPatchCascade(join(repo, "nope"), "x")).rejects.toBeInstanceOf(PatchCheckError);
  });
});

describe("applyPatchCascade in a plain directory", () => {
  let parent: string;
  let dir: string;
  beforeEach(async () => {
    // The plain directory sits inside a git work tree: git must not use the outer repository.
    parent = await mkdtemp(join(tmpdir(), "tracegen-plain-"));
    git(parent, "init", "-q");
    dir = join(parent, "plain");
    await mkdir(dir);
    await writeFile(join(dir, "mod.py"), text(ORIGINAL));
  });
  afterEach(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  it("applies a clean patch with git apply", async () => {
    const patch = await diffOf("mod.py", text(ORIGINAL), text(changed(ORIGINAL, 5, "fixed 5")));
    expect(await applyPatchCascade(dir, patch)).toMatchObject({ applied: true, method: "git-apply" });
    expect(await readFile(join(dir, "mod.py"), "utf8")).toBe(text(changed(ORIGINAL, 5, "fixed 5")));
  });

  it("skips --3way and uses patch --fuzz after a dry run", async () => {
    const patch = await diffOf("mod.py", text(ORIGINAL), text(changed(ORIGINAL, 10, "fixed 10")));
    const drifted = ["new a", ...changed(ORIGINAL, 7, "line 7 reworded")];
    await writeFile(join(dir, "mod.py"), text(drifted));
    const result = await applyPatchCascade(dir, patch);
    expect(result).toMatchObject({ applied: true, method: "patch-fuzz" });
    expect(result.log).toContain("--3way skipped: not a git work tree");
    expect(await readFile(join(dir, "mod.py"), "utf8")).toBe(text(changed(drifted, 11, "fixed 10")));
  });

  it("leaves the directory untouched when nothing applies", async () => {
    const bad = await diffOf(
      "mod.py",
      text(lines(30, "unrelated")),
      text(changed(lines(30, "unrelated"), 5, "x")),
    );
    const created = await diffOf("brand_new.py", "", "print('hi')\n");
    const result = await applyPatchCascade(dir, created + bad);
    expect(result.applied).toBe(false);
    expect(result.log).toContain("--dry-run");
    expect(await readdir(dir)).toEqual(["mod.py"]);
    expect(await readFile(join(dir, "mod.py"), "utf8")).toBe(text(ORIGINAL));
  });
});
