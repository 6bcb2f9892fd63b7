// The verdict-relevant behaviour of both drivers on a real Docker daemon and a real bwrap:
// every case asserts the outcome and that the host came through unharmed.
import { chmod, mkdtemp, readdir } from "node:fs/promises";
import { freemem, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeFixtureRepo } from "./fixture-repo.test-suite.js";
import {
  hostSpawns,
  newMarker,
  probeDrivers,
  processesWith,
  pytest,
  removeDir,
  testContainers,
  treeDigest,
} from "./fixtures.test-suite.js";
import { expectNoNetwork, expectWritesContained } from "./hostile-probes.test-suite.js";
import { delay } from "./run-result.js";
import { SandboxError, SandboxErrorCode } from "./sandbox-error.js";
import type { RunResult, RunSpec, Sandbox } from "./types.js";

const drivers = await probeDrivers();

describe.each(drivers)("$kind sandbox", (driver) => {
  const usable = driver.unavailable === undefined || driver.required;
  let sandbox: Sandbox;
  let repoDir: string;
  let digest: string;
  let tmpRoot: string;

  beforeAll(async () => {
    if (!usable) return;
    // Repo copies go to a directory of their own, so a leaked one is seen.
    tmpRoot = await mkdtemp(join(tmpdir(), "tracegen-sandbox-test-"));
    await chmod(tmpRoot, 0o711); // bwrap's unprivileged user must pass through
    sandbox = await driver.open(tmpRoot);
    repoDir = await makeFixtureRepo();
    digest = await treeDigest(repoDir);
  });

  afterAll(async () => {
    await sandbox?.close();
    if (repoDir !== undefined) await removeDir(repoDir);
    if (tmpRoot !== undefined) await removeDir(tmpRoot);
  });

  // After every run: the original is untouched, no copy or container is left, the host spawns.
  afterEach(async () => {
    if (!usable) return;
    expect(await treeDigest(repoDir)).toBe(digest);
    expect(await readdir(tmpRoot)).toEqual([]);
    if (driver.kind === "docker") expect(await testContainers()).toEqual([]);
    expect(hostSpawns()).toBe(true);
  });

  async function run(file: string, spec: Partial<RunSpec> = {}, ...extra: string[]) {
    const marker = newMarker();
    const result = await sandbox.run({
      repoDir,
      command: pytest(file, marker, ...extra),
      env: { PYTHONPATH: "src" },
      timeoutMs: 30_000,
      ...spec,
    });
    // Whatever happened inside, nothing of the run is still alive.
    expect(await processesWith(marker)).toEqual([]);
    return result;
  }

  const test = it.skipIf(!usable);

  test("passing tests exit 0; the JUnit report and coverage data are collected", async () => {
    const result = await run(
      "test_pass.py",
      { collect: ["report.xml", ".coverage", "missing.xml"] },
      "--junitxml=report.xml",
      "--cov=calc",
      "--cov-report=",
    );
    expect(result).toMatchObject({ exitCode: 0, signal: null, timedOut: false, oomKilled: false });
    expect(result.stdout).toContain("2 passed");
    expect([...result.files.keys()].sort()).toEqual([".coverage", "report.xml"]);
    expect(result.files.get("report.xml")?.toString()).toMatch(/<testsuite [^>]*tests="2"/);
    expect(result.files.get(".coverage")?.subarray(0, 15).toString()).toBe("SQLite format 3");
  });

  test("a failing test exits 1 with the failure in the report", async () => {
    const result = await run("test_fail.py", { collect: ["report.xml"] }, "--junitxml=report.xml");
    expect(result).toMatchObject({ exitCode: 1, timedOut: false });
    expect(result.stdout).toContain("1 failed, 1 passed");
    expect(result.files.get("report.xml")?.toString()).toContain(
      '<testcase classname="tests.test_fail" name="test_add_wrong"',
    );
  });

  test("an infinite loop is killed at the wall limit", async () => {
    const result = await run("test_loop.py", { timeoutMs: 3000 });
    expect(result).toMatchObject({ exitCode: null, signal: "SIGKILL", timedOut: true });
    expect(result.durationMs).toBeGreaterThanOrEqual(2900);
    expect(result.durationMs).toBeLessThan(6000);
  });

  test("a fork bomb hits the pids limit and the run ends", async () => {
    const started = Date.now();
    const result = await run("test_forkbomb.py", {
      limits: { pids: 64 },
      collect: ["bomb.txt"],
      timeoutMs: 20_000,
    });
    expect(result).toMatchObject({ exitCode: 0, timedOut: false });
    const [forked, limited] = (result.files.get("bomb.txt")?.toString() ?? "").split(" ");
    expect(limited).toBe("True");
    expect(Number(forked)).toBeLessThan(64);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  test("a 4 GiB memory hog is stopped at the memory limit", async () => {
    const freeBefore = freemem();
    const result = await run("test_memory.py", { limits: { memoryMb: 512 }, timeoutMs: 30_000 });
    expect(result.timedOut).toBe(false);
    expect(result.oomKilled || result.exitCode !== 0).toBe(true);
    if (driver.kind === "docker") expect(result.oomKilled).toBe(true);
    else expect(result.stdout).toContain("MemoryError");
    expect(freemem()).toBeGreaterThan(freeBefore - 1024 * 1024 * 1024);
  });

  test("no network: neither a host loopback server nor the internet is reachable", async () => {
    await expectNoNetwork((env, collect) => run("test_network.py", { env, collect }));
  });

  test("writes outside the copy fail or stay inside; collect never follows a symlink out", async () => {
    const id = newMarker();
    const targets = [
      `${repoDir}/tests/test_pass.py`,
      `${repoDir}/escaped-${id}.txt`,
      `/tmp/tracegen-escape-${id}`,
      `/var/tmp/tracegen-escape-${id}`,
      `/etc/x-${id}`,
      `/usr/x-${id}`,
      `/root/x-${id}`,
      `/home/x-${id}`,
      `/x-${id}`,
      `/dev/x-${id}`,
    ];
    await expectWritesContained(
      id,
      targets,
      { refused: [`/etc/x-${id}`, `/usr/x-${id}`, `/x-${id}`, `/dev/x-${id}`], absent: targets.slice(1) },
      (env, collect) => run("test_escape.py", { env, collect }),
    );
  });

  test("output is capped, keeping head and tail", async () => {
    const result = await sandbox.run({
      repoDir,
      command: ["python3", "-c", "import sys; sys.stdout.write('H' * 1000 + 'x' * 5_000_000 + 'T' * 1000)"],
      timeoutMs: 20_000,
      limits: { outputBytes: 10_000 },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.startsWith("H".repeat(1000))).toBe(true);
    expect(result.stdout.endsWith("T".repeat(1000))).toBe(true);
    expect(result.stdout).toContain("bytes dropped");
    expect(result.stdout.length).toBeLessThan(10_100);
  });

  test("a file bigger than limits.fileMb cannot be written", async () => {
    const script = "open('big', 'wb').write(b'x' * (3 << 20))";
    const result = await sandbox.run({
      repoDir,
      command: ["python3", "-c", script],
      timeoutMs: 20_000,
      limits: { fileMb: 1 },
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("File too large");
  });

  test("a missing executable exits 127; bad specs and aborts reject with a code", async () => {
    const missing = await sandbox.run({ repoDir, command: ["no-such-program"], timeoutMs: 10_000 });
    expect(missing.exitCode).toBe(127);
    if (driver.kind === "docker") {
      await expect(
        sandbox.run({ repoDir, command: ["true"], timeoutMs: 10_000, image: "tracegen/no-such-image:0" }),
      ).rejects.toMatchObject({ code: SandboxErrorCode.IMAGE_NOT_FOUND });
    }
    await expect(
      sandbox.run({ repoDir, command: ["true"], timeoutMs: 1000, collect: ["../x"] }),
    ).rejects.toMatchObject({
      code: SandboxErrorCode.INVALID_SPEC,
    });
    const controller = new AbortController();
    const marker = newMarker();
    const aborted = sandbox.run(
      { repoDir, command: pytest("test_loop.py", marker), timeoutMs: 30_000 },
      controller.signal,
    );
    setTimeout(() => controller.abort(), 1000);
    const error = await aborted.then(
      (result: RunResult) => result,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SandboxError);
    expect((error as SandboxError).code).toBe(SandboxErrorCode.ABORTED);
    expect(await processesWith(marker)).toEqual([]);
  });

  test("close kills the runs in flight, which reject with CLOSED", async () => {
    const own = await driver.open();
    const marker = newMarker();
    const outcome = own.run({ repoDir, command: pytest("test_loop.py", marker), timeoutMs: 30_000 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    for (let i = 0; i < 200 && (await processesWith(marker)).length === 0; i++) await delay(50);
    await own.close();
    expect(await outcome).toMatchObject({ code: SandboxErrorCode.CLOSED });
    expect(await processesWith(marker)).toEqual([]);
  });
});
