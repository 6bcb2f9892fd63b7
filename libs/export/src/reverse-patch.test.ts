import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ExportErrorCode } from "./export-error.js";
import { reversePatch } from "./reverse-patch.js";

const ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
};

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function git(cwd: string, args: string[], input?: string): string {
  return execFileSync("git", args, {
    cwd,
    env: ENV,
    encoding: "utf8",
    input,
    stdio: ["pipe", "pipe", "pipe"],
  });
}

type Files = Record<string, string>;

/**
 * A repository with commit A holding `before` and commit B after `change`; returns the
 * repository and `git diff A B`, the "bug patch".
 */
function repoWithChange(before: Files, change: (dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), "reverse-patch-"));
  dirs.push(dir);
  git(dir, ["init", "-q", "-b", "main"]);
  for (const [path, text] of Object.entries(before)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git(dir, ["add", "-A"]);
  git(dir, ["commit", "-q", "-m", "A"]);
  change(dir);
  git(dir, ["add", "-A"]);
  git(dir, ["commit", "-q", "-m", "B"]);
  const tree = (rev: string) => git(dir, ["rev-parse", `${rev}^{tree}`]).trim();
  return { dir, bug: git(dir, ["diff", "-M", "HEAD~1", "HEAD"]), treeA: tree("HEAD~1"), treeB: tree("HEAD") };
}

/** Applies `patch` to the work tree and index at `rev`; returns the resulting tree id. */
function applyAt(dir: string, rev: string, patch: string): string {
  git(dir, ["checkout", "-q", "--detach", rev]);
  git(dir, ["apply", "--index", "--whitespace=nowarn", "-"], patch);
  const tree = git(dir, ["write-tree"]).trim();
  git(dir, ["reset", "-q", "--hard"]);
  return tree;
}

const lines = (n: number, prefix = "line") =>
  Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}\n`).join("");

const CASES: [string, Files, (dir: string) => void][] = [
  [
    "changed lines in two hunks of two files",
    { "src/stats.py": lines(40), "src/other.py": lines(5, "other") },
    (dir) => {
      writeFileSync(
        join(dir, "src/stats.py"),
        lines(40).replace("line 3\n", "line three\nline 3b\n").replace("line 30\nline 31\n", "line thirty\n"),
      );
      writeFileSync(join(dir, "src/other.py"), lines(5, "other").replace("other 5\n", "other five\n"));
    },
  ],
  [
    "a file added and a file deleted",
    { "keep.txt": "keep\n", "gone.txt": lines(3) },
    (dir) => {
      unlinkSync(join(dir, "gone.txt"));
      writeFileSync(join(dir, "new/file.txt"), lines(2, "new"), { flag: "w" });
    },
  ],
  [
    "a rename with an edit",
    { "old/name.py": lines(20) },
    (dir) => {
      mkdirSync(join(dir, "new"), { recursive: true });
      writeFileSync(join(dir, "new/name.py"), lines(20).replace("line 10\n", "line ten\n"));
      unlinkSync(join(dir, "old/name.py"));
    },
  ],
  [
    "a mode change with an edit",
    { "run.sh": "#!/bin/sh\necho hi\n" },
    (dir) => {
      writeFileSync(join(dir, "run.sh"), "#!/bin/sh\necho hello\n");
      chmodSync(join(dir, "run.sh"), 0o755);
    },
  ],
  [
    "the last line without a newline, changed",
    { "a.txt": "one\ntwo\nthree" },
    (dir) => writeFileSync(join(dir, "a.txt"), "one\ntwo\nTHREE"),
  ],
  [
    "a newline added at the end of the file",
    { "a.txt": "one\ntwo" },
    (dir) => writeFileSync(join(dir, "a.txt"), "one\ntwo\nthree\n"),
  ],
  [
    "a path with spaces",
    { "docs/my notes.md": lines(4) },
    (dir) => writeFileSync(join(dir, "docs/my notes.md"), lines(4).replace("line 2\n", "")),
  ],
];

describe("reversePatch with real git apply", () => {
  it.each(CASES)("%s: the reverse turns B back into A", (_name, before, change) => {
    const { dir, bug, treeA, treeB } = repoWithChange(before, (d) => {
      mkdirSync(join(d, "new"), { recursive: true });
      change(d);
    });
    const fix = reversePatch(bug);
    expect(fix).not.toBe(bug);
    // The bug patch takes A to B, its reverse takes B back to A, and not the other way.
    expect(applyAt(dir, "main~1", bug)).toBe(treeB);
    expect(applyAt(dir, "main", fix)).toBe(treeA);
    expect(() => applyAt(dir, "main~1", fix)).toThrow();
    // git's own reverse check agrees, and reversing twice gives the bug back.
    git(dir, ["checkout", "-q", "--detach", "main~1"]);
    git(dir, ["apply", "--check", "--reverse", "-"], fix);
    expect(reversePatch(fix)).toBe(bug);
  });

  it("writes what `git diff B A` writes for a plain change", () => {
    const { dir, bug } = repoWithChange({ "a.py": lines(10) }, (d) =>
      writeFileSync(join(d, "a.py"), lines(10).replace("line 5\n", "line five\nline 5b\n")),
    );
    expect(reversePatch(bug)).toBe(git(dir, ["diff", "HEAD", "HEAD~1"]));
  });

  it("reverses a plain unified diff without git headers", () => {
    const bug = ["--- a/x.py", "+++ b/x.py", "@@ -1,2 +1,2 @@", " a", "-b", "+c", ""].join("\n");
    expect(reversePatch(bug)).toBe(
      ["--- a/x.py", "+++ b/x.py", "@@ -1,2 +1,2 @@", " a", "-c", "+b", ""].join("\n"),
    );
  });

  it("refuses binary patches and truncated hunks", () => {
    const binary = "diff --git a/x.png b/x.png\nindex 1111111..2222222 100644\nGIT binary patch\nliteral 1\n";
    expect(() => reversePatch(binary)).toThrow(expect.objectContaining({ code: ExportErrorCode.BAD_PATCH }));
    const truncated = "--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n";
    expect(() => reversePatch(truncated)).toThrow(
      expect.objectContaining({ code: ExportErrorCode.BAD_PATCH }),
    );
  });
});
