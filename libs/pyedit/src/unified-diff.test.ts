import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyEdits } from "./apply-edits.js";
import { listMutations } from "./list-mutations.js";
import { stdlib } from "./stdlib-fixture.test-suite.js";
import { unifiedDiff } from "./unified-diff.js";

describe("unifiedDiff", () => {
  it("writes git's headers and 3 lines of context", () => {
    const before = "a\nb\nc\nd\ne\nf\ng\nh\n";
    const after = before.replace("e\n", "E\n");
    expect(unifiedDiff("pkg/m.py", before, after)).toBe(
      [
        "diff --git a/pkg/m.py b/pkg/m.py",
        "--- a/pkg/m.py",
        "+++ b/pkg/m.py",
        "@@ -2,7 +2,7 @@",
        " b",
        " c",
        " d",
        "-e",
        "+E",
        " f",
        " g",
        " h",
        "",
      ].join("\n"),
    );
    expect(unifiedDiff("m.py", before, before)).toBe("");
  });

  describe("with git apply", () => {
    let repo: string;
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], {
        cwd: repo,
        encoding: "utf8",
      });

    beforeAll(() => {
      repo = mkdtempSync(join(tmpdir(), "pyedit-git-"));
      git("init", "-q");
    });
    afterAll(() => rmSync(repo, { recursive: true, force: true }));

    /** Commits `before` at `path`, checks and applies the diff, and returns the file git wrote. */
    function applyWithGit(path: string, before: string, after: string): string {
      mkdirSync(join(repo, path, ".."), { recursive: true });
      writeFileSync(join(repo, path), before);
      git("add", path);
      git("commit", "-q", "-m", `add ${path}`);
      const patch = join(repo, "..", `${path.replaceAll("/", "_")}.${process.pid}.patch`);
      writeFileSync(patch, unifiedDiff(path, before, after));
      try {
        git("apply", "--check", patch);
        git("apply", patch);
      } finally {
        rmSync(patch, { force: true });
      }
      return readFileSync(join(repo, path), "utf8");
    }

    it("accepts mutations of real files, including multi-hunk ones", () => {
      const textwrap = stdlib("textwrap.py");
      const mutators = [
        "remove_method",
        "shuffle_methods",
        "invert_if_else",
        "remove_wrapper",
        "flip_comparison",
      ] as const;
      let multiHunk = 0;
      for (const [i, mutator] of mutators.entries()) {
        const source = mutator === "remove_wrapper" ? stdlib("heapq.py") : textwrap;
        const [mutation] = listMutations(source, mutator, undefined, 5);
        const after = applyEdits(source, mutation!.edits);
        if (unifiedDiff("x.py", source, after).split("\n@@").length > 2) multiHunk++;
        expect(applyWithGit(`lib/m${i}.py`, source, after)).toBe(after);
      }
      expect(multiHunk).toBeGreaterThan(0);
    });

    it("accepts a change to a last line without a line break", () => {
      const before = "def f(a):\n    return a < 1";
      const [mutation] = listMutations(before, "flip_comparison");
      const after = applyEdits(before, mutation!.edits);
      expect(unifiedDiff("t.py", before, after)).toContain("\\ No newline at end of file");
      expect(applyWithGit("t.py", before, after)).toBe("def f(a):\n    return a <= 1");
    });
  });
});
