import { describe, expect, it } from "vitest";
import { checkPatch } from "./check-patch.js";

const modify = (path: string, from = "old", to = "new") =>
  `diff --git a/${path} b/${path}\nindex 1111111..2222222 100644\n--- a/${path}\n+++ b/${path}\n@@ -1 +1 @@\n-${from}\n+${to}\n`;

const code = (patch: string, options = {}) => {
  const check = checkPatch(patch, options);
  return check.ok ? "OK" : check.code;
};

describe("checkPatch accepts", () => {
  it("ordinary patches and lists their files", () => {
    const rename =
      "diff --git a/old name.py b/new name.py\nsimilarity index 100%\nrename from old name.py\nrename to new name.py\n";
    const added =
      "diff --git a/src/n.py b/src/n.py\nnew file mode 100644\nindex 0000000..3333333\n--- /dev/null\n+++ b/src/n.py\n@@ -0,0 +1 @@\n+x = 1\n";
    const quoted = `diff --git "a/t\\303\\251st.py" "b/t\\303\\251st.py"\n--- "a/t\\303\\251st.py"\n+++ "b/t\\303\\251st.py"\n@@ -1 +1 @@\n-a\n+b\n`;
    const exec = "diff --git a/run.sh b/run.sh\nold mode 100644\nnew mode 100755\n";
    expect(checkPatch(modify("src/a.py") + rename + added + quoted + exec)).toEqual({
      ok: true,
      files: ["src/a.py", "old name.py", "new name.py", "src/n.py", "tést.py", "run.sh"],
    });
  });

  it("content lines that merely look like headers", () => {
    const hunk = [
      "--- a/q.sql",
      "+++ b/q.sql",
      "@@ -1,3 +1,3 @@",
      "-- /etc/passwd",
      "+rename to ../../x",
      "+*** not a context diff",
      " 12d",
      "-GIT binary patch",
      "",
    ].join("\n");
    expect(code(hunk)).toBe("OK");
  });
});

describe("checkPatch refuses", () => {
  it("empty text and text that is not a diff", () => {
    expect(code("")).toBe("EMPTY");
    expect(code(" \n\t\n")).toBe("EMPTY");
    expect(code("I fixed the bug, trust me.")).toBe("NOT_A_DIFF");
    expect(code("--- a/x.py\n+++ b/x.py\n@@ -1,3 +1,3 @@\n-a\n")).toBe("NOT_A_DIFF");
  });

  it("patches over the size or file limits", () => {
    expect(code(modify("a.py", "x".repeat(2000)), { maxBytes: 1000 })).toBe("TOO_LARGE");
    expect(code(modify("a.py") + modify("b.py"), { maxFiles: 1 })).toBe("TOO_MANY_FILES");
    expect(code(modify("a.py") + modify("b.py"), { maxFiles: 2 })).toBe("OK");
    expect(code(modify("a.py", "x".repeat(1024 * 1024)))).toBe("TOO_LARGE");
  });

  it("absolute paths", () => {
    expect(code("--- /etc/passwd\n+++ /etc/passwd\n@@ -1 +1 @@\n-a\n+b\n")).toBe("ABSOLUTE_PATH");
    expect(code("diff --git /etc/passwd /etc/passwd\nold mode 100644\nnew mode 100755\n")).toBe(
      "ABSOLUTE_PATH",
    );
  });

  it("'..' components, plain, renamed, copied or octal-escaped", () => {
    expect(code(modify("a/../../x.py"))).toBe("PARENT_PATH");
    expect(code("--- ../x.py\n+++ ../x.py\n@@ -1 +1 @@\n-a\n+b\n")).toBe("PARENT_PATH");
    const rename = (key: string) =>
      `diff --git a/x.py b/y.py\nsimilarity index 100%\n${key} from x.py\n${key} to ../../y.py\n`;
    expect(code(rename("rename"))).toBe("PARENT_PATH");
    expect(code(rename("copy"))).toBe("PARENT_PATH");
    const octal = `diff --git "a/\\056\\056/x.py" "b/\\056\\056/x.py"\n--- "a/\\056\\056/x.py"\n+++ "b/\\056\\056/x.py"\n@@ -1 +1 @@\n-a\n+b\n`;
    expect(code(octal)).toBe("PARENT_PATH");
  });

  it("paths into .git", () => {
    expect(code(modify(".git/hooks/pre-commit"))).toBe("GIT_DIR_PATH");
    expect(code(modify("vendor/lib/.GIT/config"))).toBe("GIT_DIR_PATH");
    expect(code(modify(".github/workflows/ci.yml"))).toBe("OK");
  });

  it("symlinks, submodules and odd modes", () => {
    const link =
      "diff --git a/l b/l\nnew file mode 120000\nindex 0000000..4444444\n--- /dev/null\n+++ b/l\n@@ -0,0 +1 @@\n+/etc/passwd\n\\ No newline at end of file\n";
    expect(code(link)).toBe("SYMLINK");
    expect(code("diff --git a/f b/f\nold mode 100644\nnew mode 120000\n")).toBe("SYMLINK");
    const sub =
      "diff --git a/sub b/sub\nindex 5555555..6666666 160000\n--- a/sub\n+++ b/sub\n@@ -1 +1 @@\n-Subproject commit 5555555\n+Subproject commit 6666666\n";
    expect(code(sub)).toBe("SUBMODULE");
    expect(code("diff --git a/d b/d\nnew file mode 040000\n")).toBe("BAD_MODE");
  });

  it("binary patches and NUL bytes", () => {
    const git =
      "diff --git a/logo.png b/logo.png\nindex 7777777..8888888 100644\nGIT binary patch\nliteral 5\nMcmZ?wbhEHb\n\nliteral 0\nKcmV+b0RR6000031\n\n";
    expect(code(git)).toBe("BINARY");
    expect(
      code(
        "diff --git a/x.bin b/x.bin\nindex 7777777..8888888 100644\nBinary files a/x.bin and b/x.bin differ\n",
      ),
    ).toBe("BINARY");
    expect(code(modify("a.py", "a\0b"))).toBe("BINARY");
  });

  it("context or ed sections hidden between unified files", () => {
    const context = "*** /etc/passwd\n--- /etc/passwd\n***************\n*** 1 ****\n! a\n--- 1 ----\n! b\n";
    expect(code(modify("a.py") + context)).toBe("FOREIGN_FORMAT");
    expect(code(`${modify("a.py")}1d\n`)).toBe("FOREIGN_FORMAT");
  });
});
