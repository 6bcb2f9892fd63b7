import { lstat, readFile, readlink, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readBlobs } from "./blobs.js";
import { commitFiles, git, HOSTILE, loadSeeds, seed, TINYLEDGER, tempDir } from "./fixtures.test-suite.js";
import { GitErrorCode } from "./git-error.js";
import { ensureMirror, type Mirror } from "./mirror.js";
import { listTree } from "./tree.js";

let root: string;
let tinyledger: Mirror;
let hostile: Mirror;
// The first seed of each fixture sits on the initial commit, whose tree is history/00-initial/tree.
const tinyBase = seed(loadSeeds(join(TINYLEDGER, "seeds.jsonl")), "tinyledger__tinyledger-1").base_commit;
const hostileBase = seed(loadSeeds(join(HOSTILE, "seeds.jsonl")), "hostile__hostile-1").base_commit;
const TINY_TREE = join(TINYLEDGER, "history/00-initial/tree");
const HOSTILE_TREE = join(HOSTILE, "history/00-initial/tree");

beforeAll(async () => {
  root = await tempDir("tree");
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

/** What a checked-out file looks like in git: its mode and bytes. */
async function onDisk(path: string): Promise<{ mode: string; bytes: Buffer }> {
  const info = await lstat(path);
  if (info.isSymbolicLink()) return { mode: "120000", bytes: Buffer.from(await readlink(path)) };
  return { mode: info.mode & 0o100 ? "100755" : "100644", bytes: await readFile(path) };
}

describe("listTree and readBlobs", () => {
  test("list every file of the initial tinyledger commit with the bytes of history/00-initial/tree", async () => {
    const entries = await listTree(tinyledger, tinyBase);
    expect(entries.map((e) => e.path)).toContain("src/tinyledger/money.py");
    expect(entries.map((e) => e.path)).toContain(".gitignore");
    const blobs = await readBlobs(
      tinyledger,
      entries.map((e) => e.sha),
    );
    for (const entry of entries) {
      const file = await onDisk(join(TINY_TREE, entry.path));
      expect(entry.mode, entry.path).toBe(file.mode);
      expect(entry.size, entry.path).toBe(file.bytes.length);
      expect(blobs.get(entry.sha)?.equals(file.bytes), entry.path).toBe(true);
    }
  });

  test("keep hostile files byte for byte: Latin-1, NUL, PNG, symlink, executable, unicode name", async () => {
    const entries = await listTree(hostile, hostileBase);
    const byPath = new Map(entries.map((e) => [e.path, e]));
    expect(byPath.get("latest-readme")?.mode).toBe("120000");
    expect(byPath.get("scripts/check.sh")?.mode).toBe("100755");
    expect(byPath.has("docs/naïve notes.txt")).toBe(true);
    const paths = [
      "src/hostile/legacy_latin1.py",
      "src/hostile/nul_byte.py",
      "assets/logo.png",
      "latest-readme",
    ];
    const shas = paths.map((p) => byPath.get(p)?.sha as string);
    const blobs = await readBlobs(hostile, [...shas, ...shas]);
    expect(blobs.size).toBe(paths.length);
    for (const [i, path] of paths.entries()) {
      expect(blobs.get(shas[i] as string)?.equals((await onDisk(join(HOSTILE_TREE, path))).bytes), path).toBe(
        true,
      );
    }
    expect(blobs.get(shas[1] as string)?.includes(0)).toBe(true);
  });

  test("report a submodule as mode 160000 with size 0", async () => {
    const work = await tempDir("submodule");
    await commitFiles(work, { "README.md": "hi\n" });
    const gitlink = "1234567890abcdef1234567890abcdef12345678";
    git(work, "update-index", "--add", "--cacheinfo", `160000,${gitlink},vendor/lib`);
    git(work, "commit", "-q", "-m", "add submodule");
    const mirror = await ensureMirror({ repo: "acme/sub", source: work, mirrorsDir: root });
    const entries = await listTree(mirror, git(work, "rev-parse", "HEAD").trim());
    expect(entries.find((e) => e.path === "vendor/lib")).toEqual({
      path: "vendor/lib",
      sha: gitlink,
      size: 0,
      mode: "160000",
    });
    await rm(work, { recursive: true, force: true });
  });

  test("listTree throws COMMIT_MISSING for a commit that is not there", async () => {
    await expect(listTree(tinyledger, "badc0ffee0ddf00dbadc0ffee0ddf00dbadc0ffe")).rejects.toMatchObject({
      code: GitErrorCode.COMMIT_MISSING,
    });
  });

  test("readBlobs throws OBJECT_MISSING for a missing blob and INVALID_ARGUMENT for a non-blob or a prefix", async () => {
    await expect(readBlobs(tinyledger, ["badc0ffee0ddf00dbadc0ffee0ddf00dbadc0ffe"])).rejects.toMatchObject({
      code: GitErrorCode.OBJECT_MISSING,
    });
    await expect(readBlobs(tinyledger, [tinyBase])).rejects.toMatchObject({
      code: GitErrorCode.INVALID_ARGUMENT,
    });
    await expect(readBlobs(tinyledger, ["abcdef1"])).rejects.toMatchObject({
      code: GitErrorCode.INVALID_ARGUMENT,
    });
    expect((await readBlobs(tinyledger, [])).size).toBe(0);
  });
});
