import { spawn } from "node:child_process";
import { mkdir, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { resolveCommit } from "./commits.js";
import { commitFiles, git, HOSTILE, REPO_ROOT, TINYLEDGER, tempDir } from "./fixtures.test-suite.js";
import { GitErrorCode } from "./git-error.js";
import { ensureMirror, mirrorDirName } from "./mirror.js";

const BUNDLE = join(TINYLEDGER, "repo.bundle");
let root: string;

beforeAll(async () => {
  root = await tempDir("mirror");
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Every ref and what it points at. */
function refs(path: string): string {
  return git(path, "--git-dir", path, "for-each-ref", "--format=%(refname) %(objectname)");
}

async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.startsWith(".tmp-"));
}

describe("ensureMirror", () => {
  test("mirrors a bundle as a bare repository named owner__name.git", async () => {
    const mirrorsDir = join(root, "bundle");
    const mirror = await ensureMirror({ repo: "tinyledger/tinyledger", source: BUNDLE, mirrorsDir });
    expect(mirror).toEqual({
      repo: "tinyledger/tinyledger",
      path: join(mirrorsDir, "tinyledger__tinyledger.git"),
    });
    expect(git(mirror.path, "--git-dir", mirror.path, "rev-parse", "--is-bare-repository").trim()).toBe(
      "true",
    );
    expect(refs(mirror.path)).toMatch(/^refs\/heads\/main [0-9a-f]{40}\n$/);
    expect(git(mirror.path, "--git-dir", mirror.path, "rev-list", "--count", "--all").trim()).toBe("9");
  });

  test("takes a mirrors directory relative to the working directory", async () => {
    const mirrorsDir = relative(process.cwd(), join(root, "relative"));
    const mirror = await ensureMirror({ repo: "tinyledger/tinyledger", source: BUNDLE, mirrorsDir });
    expect(mirror.path).toBe(join(root, "relative", "tinyledger__tinyledger.git"));
    expect(
      await resolveCommit(mirror, git(mirror.path, "--git-dir", mirror.path, "rev-parse", "main").trim()),
    ).toMatch(/^[0-9a-f]{40}$/);
  });

  test("re-mirroring fetches and changes nothing when the source has not moved", async () => {
    const mirrorsDir = join(root, "again");
    const first = await ensureMirror({ repo: "tinyledger/tinyledger", source: BUNDLE, mirrorsDir });
    const before = refs(first.path);
    const second = await ensureMirror({ repo: "tinyledger/tinyledger", source: BUNDLE, mirrorsDir });
    expect(second).toEqual(first);
    expect(refs(second.path)).toBe(before);
    expect(await readdir(mirrorsDir)).toEqual(["tinyledger__tinyledger.git"]);
  });

  test("mirrors a local repository path (relative too) and fetches its new commits", async () => {
    const work = await tempDir("local-src");
    const mirrorsDir = join(root, "local");
    const first = await commitFiles(work, { "a.txt": "one\n" });
    const source = relative(process.cwd(), work);
    const mirror = await ensureMirror({ repo: "acme/local", source, mirrorsDir });
    expect(await resolveCommit(mirror, first)).toBe(first);
    const second = await commitFiles(work, { "a.txt": "two\n" });
    expect(await resolveCommit(mirror, second)).toBeNull();
    await ensureMirror({ repo: "acme/local", source: work, mirrorsDir });
    expect(await resolveCommit(mirror, second)).toBe(second);
    await rm(work, { recursive: true, force: true });
  });

  test("concurrent calls in one process share a single clone", async () => {
    const mirrorsDir = join(root, "concurrent");
    const calls = Array.from({ length: 5 }, () =>
      ensureMirror({ repo: "hostile/hostile", source: join(HOSTILE, "repo.bundle"), mirrorsDir }),
    );
    const mirrors = await Promise.all(calls);
    expect(new Set(mirrors.map((m) => m.path)).size).toBe(1);
    expect(await readdir(mirrorsDir)).toEqual(["hostile__hostile.git"]);
  });

  test("concurrent processes racing to clone the same repo end with one complete mirror", async () => {
    const mirrorsDir = join(root, "processes");
    const module = fileURLToPath(new URL("./mirror.ts", import.meta.url));
    const script = `const { ensureMirror } = await import(process.argv[1]);
      const m = await ensureMirror({ repo: "tinyledger/tinyledger", source: process.argv[2], mirrorsDir: process.argv[3] });
      console.log(m.path);`;
    const run = () =>
      new Promise<string>((done, fail) => {
        const child = spawn(
          process.execPath,
          ["--import", "tsx", "--input-type=module", "-e", script, module, BUNDLE, mirrorsDir],
          { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
        );
        let out = "";
        let err = "";
        child.stdout.on("data", (chunk) => {
          out += chunk;
        });
        child.stderr.on("data", (chunk) => {
          err += chunk;
        });
        child.on("close", (code) =>
          code === 0 ? done(out.trim()) : fail(new Error(`exit ${code}: ${err}`)),
        );
      });
    const paths = await Promise.all([run(), run(), run(), run()]);
    expect(new Set(paths)).toEqual(new Set([join(mirrorsDir, "tinyledger__tinyledger.git")]));
    expect(await leftovers(mirrorsDir)).toEqual([]);
    const path = paths[0] as string;
    expect(git(path, "--git-dir", path, "fsck", "--no-progress").trim()).toBe("");
  });

  test("a crashed clone's temporary directory is never taken as the mirror, and is cleaned up when stale", async () => {
    const mirrorsDir = join(root, "crash");
    const partial = join(mirrorsDir, ".tmp-tinyledger__tinyledger.git-crashed");
    await mkdir(join(partial, "objects"), { recursive: true });
    await writeFile(join(partial, "HEAD"), "ref: refs/heads/main\n");
    const old = new Date(Date.now() - 48 * 3600_000);
    await utimes(partial, old, old);
    const mirror = await ensureMirror({ repo: "tinyledger/tinyledger", source: BUNDLE, mirrorsDir });
    expect(git(mirror.path, "--git-dir", mirror.path, "rev-list", "--count", "--all").trim()).toBe("9");
    expect(await leftovers(mirrorsDir)).toEqual([]);
  });

  test("a failed clone leaves nothing at the mirror path", async () => {
    const mirrorsDir = join(root, "failed");
    const source = join(root, "no-such-repo");
    const error = await ensureMirror({ repo: "acme/missing", source, mirrorsDir }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: GitErrorCode.CLONE_FAILED });
    expect(String(error)).toMatch(/no-such-repo/);
    expect(await readdir(mirrorsDir)).toEqual([]);
  });

  test("a directory at the mirror path that is not a repository is reported, not overwritten", async () => {
    const mirrorsDir = join(root, "corrupt");
    await mkdir(join(mirrorsDir, "acme__junk.git"), { recursive: true });
    await writeFile(join(mirrorsDir, "acme__junk.git", "notes.txt"), "mine\n");
    await expect(ensureMirror({ repo: "acme/junk", source: BUNDLE, mirrorsDir })).rejects.toMatchObject({
      code: GitErrorCode.MIRROR_CORRUPT,
    });
    expect((await stat(join(mirrorsDir, "acme__junk.git", "notes.txt"))).isFile()).toBe(true);
  });

  test.each(["a/b/c", "../x", "a/..", "a__b/c", "owner", "", "a/b c", "-x/y"])(
    "rejects repo name %j",
    (repo) => {
      expect(() => mirrorDirName(repo)).toThrow(
        expect.objectContaining({ code: GitErrorCode.INVALID_ARGUMENT }),
      );
    },
  );

  test("rejects an option-like source", async () => {
    await expect(
      ensureMirror({
        repo: "acme/x",
        source: "--upload-pack=touch /tmp/pwned",
        mirrorsDir: join(root, "opt"),
      }),
    ).rejects.toMatchObject({ code: GitErrorCode.INVALID_ARGUMENT });
  });
});
