import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exportTree } from "./export-tree.js";
import { git, TINYLEDGER, tempDir } from "./fixtures.test-suite.js";
import { ensureMirror, type Mirror } from "./mirror.js";

let root: string;
let mirror: Mirror;
beforeAll(async () => {
  root = await tempDir("export");
  mirror = await ensureMirror({
    repo: "tinyledger/tinyledger",
    source: join(TINYLEDGER, "repo.bundle"),
    mirrorsDir: root,
  });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("exportTree", () => {
  test("writes a commit's files, byte for byte, without touching the mirror's refs", async () => {
    const refsBefore = git(mirror.path, "--git-dir", mirror.path, "for-each-ref");
    const head = git(mirror.path, "--git-dir", mirror.path, "rev-parse", "main").trim();
    const dir = join(root, "out");
    await exportTree(mirror, head, dir);
    expect((await readdir(dir)).sort()).toEqual(expect.arrayContaining(["src", "tests"]));
    const blob = git(mirror.path, "--git-dir", mirror.path, "show", `${head}:src/tinyledger/money.py`);
    expect(await readFile(join(dir, "src/tinyledger/money.py"), "utf8")).toBe(blob);
    expect(git(mirror.path, "--git-dir", mirror.path, "for-each-ref")).toBe(refsBefore);
  });

  test("fails clearly on an object the mirror does not have", async () => {
    await expect(exportTree(mirror, "0".repeat(40), join(root, "none"))).rejects.toThrow(/cannot read/);
  });
});
