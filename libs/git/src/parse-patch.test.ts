import { chmod, rm, unlink } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readBlobs } from "./blobs.js";
import { commitFiles, git, HOSTILE, loadSeeds, seed, TINYLEDGER, tempDir } from "./fixtures.test-suite.js";
import { GitErrorCode } from "./git-error.js";
import { ensureMirror, type Mirror } from "./mirror.js";
import { type PatchFile, parsePatch } from "./parse-patch.js";
import { listTree } from "./tree.js";

const tinySeeds = loadSeeds(join(TINYLEDGER, "seeds.jsonl"));
let root: string;
let tinyledger: Mirror;

beforeAll(async () => {
  root = await tempDir("parse");
  tinyledger = await ensureMirror({
    repo: "tinyledger/tinyledger",
    source: join(TINYLEDGER, "repo.bundle"),
    mirrorsDir: root,
  });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The lines of `path` at `commit`, 1-based (index 0 unused). */
async function linesAt(commit: string, path: string): Promise<string[]> {
  const entry = (await listTree(tinyledger, commit)).find((e) => e.path === path);
  if (!entry) return [""];
  const blob = (await readBlobs(tinyledger, [entry.sha])).get(entry.sha) as Buffer;
  return ["", ...blob.toString("utf8").split("\n")];
}

/** The `-` lines of each hunk, in order, as they appear in the patch text. */
function removedTexts(patch: string): string[] {
  return patch
    .split("\n")
    .filter((line) => line.startsWith("-") && !line.startsWith("--- "))
    .map((line) => line.slice(1));
}

describe("parsePatch on the tinyledger seeds", () => {
  test("seed 1 changes one comparison in Ledger.balance", () => {
    const [file, ...rest] = parsePatch(seed(tinySeeds, "tinyledger__tinyledger-1").patch);
    expect(rest).toEqual([]);
    expect(file).toMatchObject({
      path: "src/tinyledger/ledger.py",
      oldPath: "src/tinyledger/ledger.py",
      status: "modified",
      binary: false,
      oldMode: "100644",
      newMode: "100644",
    });
    expect(file?.hunks).toHaveLength(1);
    expect(file?.hunks[0]).toMatchObject({
      oldStart: 137,
      oldLines: 7,
      newStart: 137,
      newLines: 7,
      section: "class Ledger:",
    });
    expect(file?.hunks[0]?.changedOldLines).toEqual([140]);
    expect(file?.hunks[0]?.addedLines).toEqual([140]);
  });

  test.each(tinySeeds.map((row) => [row.instance_id, row] as const))(
    "%s: removed line numbers point at the removed text in base_commit",
    async (_id, row) => {
      for (const patch of [row.patch, row.test_patch]) {
        const files = parsePatch(patch);
        const texts = removedTexts(patch);
        const seen: string[] = [];
        for (const file of files) {
          const lines = await linesAt(row.base_commit, file.oldPath as string);
          for (const hunk of file.hunks) {
            for (const n of hunk.removedLines) seen.push(lines[n] as string);
            for (const n of hunk.changedOldLines) expect(n).toBeGreaterThanOrEqual(hunk.oldStart);
            expect(hunk.changedOldLines.length).toBeGreaterThan(0);
          }
        }
        expect(seen).toEqual(texts);
      }
    },
  );

  test("patch and test_patch split code from tests", () => {
    for (const row of tinySeeds) {
      expect(parsePatch(row.patch).every((f) => f.path.startsWith("src/"))).toBe(true);
      expect(parsePatch(row.test_patch).every((f) => f.path.startsWith("tests/"))).toBe(true);
    }
  });

  test("a pure insertion is anchored on the old line it follows", () => {
    const [file] = parsePatch(seed(tinySeeds, "tinyledger__tinyledger-5").test_patch);
    const hunk = file?.hunks[0];
    expect(hunk?.removedLines).toEqual([]);
    expect(hunk).toMatchObject({ oldStart: 102, oldLines: 3, addedLines: [105, 106, 107, 108, 109] });
    // The new test goes after the last line of the file, line 104 at the base commit.
    expect(hunk?.changedOldLines).toEqual([104]);
  });
});

describe("parsePatch on git's own output", () => {
  let work: string;
  let files: PatchFile[];

  beforeAll(async () => {
    work = await tempDir("diffs");
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    await commitFiles(work, {
      "keep.py": "a\nb\nc\n",
      "old name.py": "x = 1\ny = 2\n",
      "gone.txt": "bye\n",
      "run.sh": "echo hi\n",
      "logo.png": png,
      "tail.txt": "no newline",
    });
    git(work, "mv", "old name.py", "naïve new.py");
    await commitFiles(work, {
      "naïve new.py": "x = 1\ny = 3\n",
      "added.py": "print('new')\n",
      "keep.py": "A\nb\nc\nd\n",
    });
    await unlink(join(work, "gone.txt"));
    await chmod(join(work, "run.sh"), 0o755);
    await commitFiles(work, {
      "logo.png": Buffer.concat([png, Buffer.from([0, 1, 2])]),
      "tail.txt": "no newline!",
    });
    files = parsePatch(git(work, "diff", "--binary", "-M", "HEAD~2", "HEAD"));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const byPath = (path: string) => files.find((f) => f.path === path);

  test("renames with a quoted non-ASCII name", () => {
    expect(byPath("naïve new.py")).toMatchObject({ oldPath: "old name.py", status: "renamed" });
    expect(byPath("naïve new.py")?.hunks[0]?.changedOldLines).toEqual([2]);
  });

  test("additions, deletions and mode changes", () => {
    expect(byPath("added.py")).toMatchObject({ oldPath: null, status: "added", newMode: "100644" });
    expect(byPath("added.py")?.hunks[0]).toMatchObject({ oldStart: 0, oldLines: 0, changedOldLines: [] });
    expect(byPath("gone.txt")).toMatchObject({ newPath: null, status: "deleted", oldMode: "100644" });
    expect(byPath("run.sh")).toMatchObject({
      status: "modified",
      oldMode: "100644",
      newMode: "100755",
      hunks: [],
    });
  });

  test("a replacement plus an insertion at the end, and a line without a final newline", () => {
    expect(byPath("keep.py")?.hunks[0]).toMatchObject({
      removedLines: [1],
      addedLines: [1, 4],
      changedOldLines: [1, 3],
    });
    expect(byPath("tail.txt")?.hunks[0]).toMatchObject({ removedLines: [1], addedLines: [1] });
  });

  test("binary files, with or without --binary", () => {
    expect(byPath("logo.png")).toMatchObject({ binary: true, hunks: [], status: "modified" });
    const plain = parsePatch(git(work, "diff", "HEAD~1", "HEAD", "--", "logo.png"));
    expect(plain).toMatchObject([{ path: "logo.png", binary: true }]);
  });

  test("the hostile binary seed is flagged binary", () => {
    const row = seed(loadSeeds(join(HOSTILE, "seeds.jsonl")), "hostile__hostile-10");
    expect(parsePatch(row.patch)).toMatchObject([{ path: "assets/logo.png", binary: true, hunks: [] }]);
  });
});

describe("parsePatch on other input", () => {
  test("plain unified diffs with timestamps, mail headers and signatures", () => {
    const patch = [
      "From 1234 Mon Sep 17 00:00:00 2001",
      "Subject: [PATCH] fix",
      "",
      "--- a/src/x.py\t2024-01-01 00:00:00",
      "+++ b/src/x.py\t2024-01-02 00:00:00",
      "@@ -3 +3 @@ def f():",
      "-    return 1",
      "+    return 2",
      "-- ",
      "2.39.5",
      "",
    ].join("\n");
    expect(parsePatch(patch)).toMatchObject([
      {
        path: "src/x.py",
        status: "modified",
        hunks: [{ oldStart: 3, oldLines: 1, changedOldLines: [3], section: "def f():" }],
      },
    ]);
  });

  test.each([
    ["empty text", ""],
    ["prose", "This is not a diff.\nAt all.\n"],
    ["a truncated hunk", "--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n"],
    ["a hunk longer than its header", "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n-b\n+c\n"],
    ["a line that is not a hunk line", "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n*b\n"],
    ["a bad hunk header", "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -one +two @@\n"],
  ])("throws BAD_PATCH on %s", (_what, text) => {
    expect(() => parsePatch(text)).toThrow(expect.objectContaining({ code: GitErrorCode.BAD_PATCH }));
  });
});
