// Environment images on a real Docker daemon: a tree committed once on the base image, runs
// that ship only their changed paths (and deletions) into a throwaway layer, files read back
// through the daemon, the image never modified; and saveTreeTo on both drivers.
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstRegularFile } from "./docker-archive.js";
import { IMAGE_KIND_LABEL } from "./docker-images.js";
import { createDockerSandbox } from "./docker-sandbox.js";
import { makeFixtureRepo } from "./fixture-repo.test-suite.js";
import { probeDrivers, TEST_LABEL, testContainers, treeDigest } from "./fixtures.test-suite.js";
import { SandboxErrorCode } from "./sandbox-error.js";
import type { Sandbox } from "./types.js";

const drivers = await probeDrivers();
const docker = drivers.find((d) => d.kind === "docker");
const dockerUsable = docker !== undefined && (docker.unavailable === undefined || docker.required);

describe("firstRegularFile", () => {
  const header = (name: string, size: number, type: string) => {
    const block = Buffer.alloc(512);
    block.write(name, 0, "latin1");
    block.write(`${size.toString(8).padStart(11, "0")}\0`, 124, "latin1");
    block.write(type, 156, "latin1");
    return block;
  };
  const padded = (text: string) =>
    Buffer.concat([Buffer.from(text), Buffer.alloc(512 - (text.length % 512))]);

  it("reads a regular file, skips long-name headers, refuses links and oversized files", () => {
    const file = Buffer.concat([header("report.xml", 5, "0"), padded("hello"), Buffer.alloc(1024)]);
    expect(firstRegularFile(file, 100)?.toString()).toBe("hello");
    expect(firstRegularFile(file, 4)).toBeUndefined();
    const longName = Buffer.concat([header("././@LongLink", 3, "L"), padded("abc"), file]);
    expect(firstRegularFile(longName, 100)?.toString()).toBe("hello");
    expect(
      firstRegularFile(Buffer.concat([header("link", 0, "2"), Buffer.alloc(1024)]), 100),
    ).toBeUndefined();
    expect(firstRegularFile(Buffer.alloc(1024), 100)).toBeUndefined();
  });
});

describe.skipIf(!dockerUsable)("Docker environment images", () => {
  let sandbox: Sandbox;
  let repoDir: string;
  let work: string;
  const tag = `tracegen/env:test-${process.pid}`;

  beforeAll(async () => {
    sandbox = await (docker?.open() as Promise<Sandbox>);
    repoDir = await makeFixtureRepo();
    work = await mkdtemp(join(tmpdir(), "tracegen-tree-image-"));
  });
  afterAll(async () => {
    await sandbox?.images?.remove(tag);
    await sandbox?.close();
    await rm(repoDir, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  it("commits a tree once, labelled; runs get changed and deleted paths, the image stays as built", async () => {
    const images = sandbox.images;
    if (!images) throw new Error("a Docker sandbox has images");
    const base = await images.ensureBase([]);
    const input = { tag, base, treeDir: repoDir, labels: { "tracegen.environment": "env-test" } };
    expect(await images.ensureTree(input)).toEqual({ image: tag, built: true });
    expect(await images.ensureTree(input)).toEqual({ image: tag, built: false });
    const listed = (await images.list()).find((i) => i.image === tag);
    expect(listed?.labels).toMatchObject({
      [IMAGE_KIND_LABEL]: "environment",
      "tracegen.environment": "env-test",
    });

    // Only the changed paths on this side: one new file, one edited, one deleted.
    const changes = join(work, "changes");
    await mkdir(join(changes, "src/calc"), { recursive: true });
    await writeFile(join(changes, "NEW.txt"), "new file\n");
    await writeFile(join(changes, "src/calc/__init__.py"), "def add(a, b):\n    return a - b\n");
    const script = [
      "import json, os",
      "out = {'new': open('NEW.txt').read(), 'loop': os.path.exists('tests/test_loop.py'), 'user': os.getuid()}",
      "out['calc'] = open('src/calc/__init__.py').read()",
      "open('written-by-run.txt', 'w').write('x')",
      "open('result.json', 'w').write(json.dumps(out))",
    ].join("\n");
    const digestBefore = await treeDigest(repoDir);
    const result = await sandbox.run({
      repoDir: changes,
      image: tag,
      imageTree: { changed: ["NEW.txt", "src/calc/__init__.py", "tests/test_loop.py"] },
      command: ["python3", "-c", script],
      timeoutMs: 30_000,
      collect: ["result.json", "missing.json"],
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect([...result.files.keys()]).toEqual(["result.json"]);
    const seen = JSON.parse(result.files.get("result.json")?.toString() ?? "{}");
    expect(seen).toEqual({
      new: "new file\n",
      loop: false,
      user: 1000,
      calc: "def add(a, b):\n    return a - b\n",
    });
    expect(await testContainers()).toEqual([]);
    expect(await treeDigest(repoDir)).toBe(digestBefore);

    // The next run starts from the image again: nothing of the last one is left.
    const fresh = await sandbox.run({
      repoDir: changes,
      image: tag,
      imageTree: { changed: [] },
      command: [
        "python3",
        "-c",
        "import os; print(os.path.exists('written-by-run.txt'), os.path.exists('NEW.txt'), os.path.exists('tests/test_loop.py'))",
      ],
      timeoutMs: 30_000,
    });
    expect(fresh.stdout.trim()).toBe("False False True");
  }, 120_000);
});

describe.skipIf(!dockerUsable)("Docker base images", () => {
  it("runs the build script for a missing package set and reports its failure; the plain base is there", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tracegen-build-base-"));
    const script = join(dir, "build-base.sh");
    await writeFile(
      script,
      '#!/bin/sh\necho "args: $*"\necho "debootstrap: cannot reach the mirror" >&2\nexit 1\n',
    );
    await chmod(script, 0o755);
    const own = await createDockerSandbox({ label: TEST_LABEL, buildBaseScript: script });
    try {
      const failed = own.images?.ensureBase(["python3-simplejson", "python3-packaging"]);
      await expect(failed).rejects.toMatchObject({ code: SandboxErrorCode.IMAGE_NOT_FOUND });
      await expect(failed).rejects.toThrow(
        /args: --packages python3-packaging,python3-simplejson[\s\S]*cannot reach the mirror/,
      );
      expect(await own.images?.ensureBase([])).toBe("tracegen/base:bookworm");
    } finally {
      await own.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.each(drivers)("$kind saveTreeTo", (driver) => {
  const usable = driver.unavailable === undefined || driver.required;
  it.skipIf(!usable)(
    "keeps what the command left in the copy, the original untouched",
    async () => {
      const root = await mkdtemp(join(tmpdir(), "tracegen-save-tree-"));
      await chmod(root, 0o711);
      const own = await driver.open(root);
      const repoDir = await makeFixtureRepo();
      const target = join(root, "saved");
      try {
        const digest = await treeDigest(repoDir);
        const result = await own.run({
          repoDir,
          command: ["sh", "-c", "mkdir -p build && echo built > build/out.txt"],
          timeoutMs: 30_000,
          saveTreeTo: target,
        });
        expect(result.exitCode).toBe(0);
        expect(await readFile(join(target, "build/out.txt"), "utf8")).toBe("built\n");
        expect(existsSync(join(target, "src/calc/__init__.py"))).toBe(true);
        expect(existsSync(join(repoDir, "build"))).toBe(false);
        expect(await treeDigest(repoDir)).toBe(digest);
      } finally {
        await own.close();
        await rm(repoDir, { recursive: true, force: true });
        await rm(root, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
