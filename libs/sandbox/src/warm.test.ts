// The hostile cases of sandbox.test.ts through a warm worker (Sandbox.runWarm), on a real
// Docker daemon and a real bwrap, plus what is particular to a long-lived worker: each run
// starts from a fresh copy with nothing of the previous run alive or left in /tmp, the base is
// never modified, a run that kills the server loses only that run, and close leaves nothing.
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { freemem, tmpdir } from "node:os";
import { join } from "node:path";
import Docker from "dockerode";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_LABEL } from "./docker-config.js";
import { WARM_LABEL } from "./docker-warm.js";
import { makeFixtureRepo } from "./fixture-repo.test-suite.js";
import {
  hostSpawns,
  newMarker,
  probeDrivers,
  processesWith,
  removeDir,
  TEST_LABEL,
  testContainers,
  treeDigest,
} from "./fixtures.test-suite.js";
import { expectNoNetwork, expectWritesContained } from "./hostile-probes.test-suite.js";
import { SandboxErrorCode } from "./sandbox-error.js";
import type { RunLimits, Sandbox, WarmRunSpec } from "./types.js";

const drivers = await probeDrivers();

// The child's code: pytest in-process on the arguments, as `python -m pytest` would run it.
const PYTEST = `
import os, sys
import pytest
import pytest.__main__ as pytest_main
args = sys.argv[1:]
sys.argv = [pytest_main.__file__] + args
sys.path[0] = os.getcwd()
raise SystemExit(int(pytest.main(args)))
`;

async function warmContainers(): Promise<string[]> {
  const docker = new Docker({ socketPath: "/var/run/docker.sock" });
  const list = await docker.listContainers({
    all: true,
    filters: { label: [`${SANDBOX_LABEL}=${TEST_LABEL}`, `${WARM_LABEL}=1`] },
  });
  return list.map((container) => container.Id);
}

describe.each(drivers)("$kind sandbox, warm worker", (driver) => {
  const usable = driver.unavailable === undefined || driver.required;
  let sandbox: Sandbox;
  let repoDir: string;
  let changesDir: string;
  let digest: string;
  let tmpRoot: string;

  beforeAll(async () => {
    if (!usable) return;
    tmpRoot = await mkdtemp(join(tmpdir(), "tracegen-warm-test-"));
    await chmod(tmpRoot, 0o711); // bwrap's unprivileged user must pass through
    sandbox = await driver.open(tmpRoot);
    repoDir = await makeFixtureRepo();
    changesDir = await mkdtemp(join(tmpdir(), "tracegen-warm-changes-"));
    digest = await treeDigest(repoDir);
  });

  afterAll(async () => {
    if (!usable) return;
    await sandbox.close();
    // Closing stops every worker: no container, no worker directory is left.
    if (driver.kind === "docker") expect(await testContainers()).toEqual([]);
    expect(await readdir(tmpRoot)).toEqual([]);
    await removeDir(repoDir);
    await removeDir(changesDir);
    await removeDir(tmpRoot);
  });

  // After every run: the base is untouched and the host spawns.
  afterEach(async () => {
    if (!usable) return;
    expect(await treeDigest(repoDir)).toBe(digest);
    expect(hostSpawns()).toBe(true);
  });

  function spec(args: string[], more: Partial<WarmRunSpec> = {}, limits?: RunLimits): WarmRunSpec {
    return {
      worker: {
        baseDir: repoDir,
        python: "python3",
        preload: ["pytest"],
        env: { PYTHONPATH: "src" },
        ...(limits ? { limits } : {}),
      },
      repoDir: changesDir,
      changed: [],
      code: PYTEST,
      args,
      timeoutMs: 30_000,
      ...more,
    };
  }

  const pytestArgs = (file: string, ...extra: string[]) => [
    "-p",
    "no:cacheprovider",
    "-p",
    "no:pytest_cov",
    "-q",
    `tests/${file}`,
    ...extra,
  ];

  const test = it.skipIf(!usable);

  test("runs pytest in a forked child: exit status, output and the JUnit report", async () => {
    const passing = await sandbox.runWarm?.(
      spec(pytestArgs("test_pass.py", "--junitxml=report.xml"), { collect: ["report.xml", "missing.xml"] }),
    );
    expect(passing).toMatchObject({ exitCode: 0, signal: null, timedOut: false, oomKilled: false });
    expect(passing?.stdout).toContain("2 passed");
    expect([...(passing?.files.keys() ?? [])]).toEqual(["report.xml"]);
    expect(passing?.files.get("report.xml")?.toString()).toMatch(/<testsuite [^>]*tests="2"/);
    const failing = await sandbox.runWarm?.(spec(pytestArgs("test_fail.py")));
    expect(failing).toMatchObject({ exitCode: 1, timedOut: false });
    expect(failing?.stdout).toContain("1 failed, 1 passed");
    // Both runs went to the same worker.
    if (driver.kind === "docker") expect(await warmContainers()).toHaveLength(1);
  });

  test("the changed files are laid over a fresh copy; deleted ones are gone", async () => {
    await mkdir(join(changesDir, "src/calc"), { recursive: true });
    await writeFile(
      join(changesDir, "src/calc/__init__.py"),
      "def add(a, b):\n    return a - b\n\n\ndef div(a, b):\n    return a / b\n",
    );
    const result = await sandbox.runWarm?.(
      spec(pytestArgs("test_pass.py"), { changed: ["src/calc/__init__.py", "tests/test_fail.py"] }),
    );
    expect(result?.exitCode).toBe(1);
    expect(result?.stdout).toContain("1 failed, 1 passed");
    const listing = await sandbox.runWarm?.(
      spec([], {
        code: "import os; print(sorted(os.listdir('tests')), open('src/calc/__init__.py').read().count('a + b'))",
      }),
    );
    // The next run sees the base again: test_fail.py back, add() unpatched.
    expect(listing?.stdout).toContain("'test_fail.py'");
    expect(listing?.stdout).toContain("] 1");
    await rm(join(changesDir, "src"), { recursive: true, force: true });
  });

  test("nothing of a run outlives it: processes, /work, /tmp, /var/tmp, /dev/shm", async () => {
    const marker = newMarker();
    const dirty = `
import os, subprocess
subprocess.Popen(["sh", "-c", "while :; do echo x >> tests/leak.txt; sleep 0.05; done", "${marker}"], start_new_session=True)
with open("tests/test_pass.py", "w") as f:
    f.write("def test_x():\\n    assert False\\n")
for d in ("/tmp", "/var/tmp", "/dev/shm"):
    if os.access(d, os.W_OK):
        with open(d + "/left-${marker}", "w") as f:
            f.write("x")
print("dirtied")
`;
    const first = await sandbox.runWarm?.(spec([], { code: dirty }));
    expect(first?.stdout).toContain("dirtied");
    expect(await processesWith(marker)).toEqual([]);
    // A survivor would write tests/leak.txt into this run's copy within its first 300 ms.
    const check = `
import os, glob, time
time.sleep(0.3)
print("leftovers", sorted(glob.glob("/tmp/*") + glob.glob("/var/tmp/*") + glob.glob("/dev/shm/*") + glob.glob("tests/leak.txt")))
print("others", [p for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, os.getpid(), os.getppid())])
`;
    const second = await sandbox.runWarm?.(spec([], { code: check }));
    expect(second?.stdout).toContain("leftovers []");
    expect(second?.stdout).toContain("others []");
    const tests = await sandbox.runWarm?.(spec(pytestArgs("test_pass.py")));
    expect(tests?.stdout).toContain("2 passed");
  });

  test("a continuation runs the code again in a fresh child on the same tree, its output discarded", async () => {
    const code = `
import os, sys
print("pass", sys.argv[1], "sees marker:", os.path.exists("marker.txt"), "module loaded:", "calc" in sys.modules)
if sys.argv[1] == "1":
    open("marker.txt", "w").write("1")
    sys.path.insert(0, "src")
    import calc
    __warm_continue__(["2"])
else:
    open("second.txt", "w").write(str(os.path.exists("marker.txt")) + " " + str("calc" in sys.modules))
raise SystemExit(3)
`;
    const result = await sandbox.runWarm?.(spec(["1"], { code, maxPasses: 2, collect: ["second.txt"] }));
    expect(result?.exitCode).toBe(3);
    expect(result?.stdout).toContain("pass 1 sees marker: False module loaded: False");
    expect(result?.stdout).not.toContain("pass 2");
    expect(result?.files.get("second.txt")?.toString()).toBe("True False");
  });

  test("an infinite loop is killed at the wall limit, and the worker goes on", async () => {
    const result = await sandbox.runWarm?.(spec(pytestArgs("test_loop.py"), { timeoutMs: 3000 }));
    expect(result).toMatchObject({ exitCode: null, signal: "SIGKILL", timedOut: true });
    expect(result?.durationMs).toBeGreaterThanOrEqual(2900);
    expect(result?.durationMs).toBeLessThan(8000);
    const next = await sandbox.runWarm?.(spec(pytestArgs("test_pass.py")));
    expect(next?.stdout).toContain("2 passed");
  });

  test("a fork bomb hits the pids limit and the run ends", async () => {
    const started = Date.now();
    const result = await sandbox.runWarm?.(
      spec(pytestArgs("test_forkbomb.py"), { collect: ["bomb.txt"], timeoutMs: 20_000 }, { pids: 64 }),
    );
    expect(result).toMatchObject({ exitCode: 0, timedOut: false });
    const [forked, limited] = (result?.files.get("bomb.txt")?.toString() ?? "").split(" ");
    expect(limited).toBe("True");
    expect(Number(forked)).toBeLessThan(64);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  test("a 4 GiB memory hog is stopped at the memory limit", async () => {
    const freeBefore = freemem();
    const result = await sandbox.runWarm?.(spec(pytestArgs("test_memory.py"), {}, { memoryMb: 512 }));
    expect(result?.timedOut).toBe(false);
    expect(result?.oomKilled || result?.exitCode !== 0).toBe(true);
    if (driver.kind === "docker") expect(result?.oomKilled).toBe(true);
    else {
      // bwrap has no cgroup of its own: RLIMIT_AS turns the hog into a MemoryError.
      expect(result?.oomKilled).toBe(false);
      expect(result?.stdout).toContain("MemoryError");
    }
    expect(freemem()).toBeGreaterThan(freeBefore - 1024 * 1024 * 1024);
  });

  test("no network: neither a host loopback server nor the internet is reachable", async () => {
    await expectNoNetwork((env, collect) =>
      sandbox.runWarm?.({
        ...spec(pytestArgs("test_network.py"), { collect }),
        worker: { ...spec([]).worker, env },
      }),
    );
  });

  test("writes outside the copy fail (the base included); collect never follows a symlink out", async () => {
    const id = newMarker();
    const targets = [
      "/tracegen/base/tests/test_pass.py",
      `/tracegen/base/new-${id}`,
      `${repoDir}/escaped-${id}.txt`,
      `/tmp/tracegen-escape-${id}`,
      `/var/tmp/tracegen-escape-${id}`,
      `/etc/x-${id}`,
      `/usr/x-${id}`,
      `/x-${id}`,
      `/dev/x-${id}`,
    ];
    await expectWritesContained(
      id,
      targets,
      {
        refused: [targets[0]!, targets[1]!, `/etc/x-${id}`, `/usr/x-${id}`, `/x-${id}`, `/dev/x-${id}`],
        absent: targets.slice(2),
      },
      (env, collect) =>
        sandbox.runWarm?.({
          ...spec(pytestArgs("test_escape.py"), { collect }),
          worker: { ...spec([]).worker, env },
        }),
    );
  });

  test("a run that kills the server loses only that run (WORKER_LOST); the next gets a new worker", async () => {
    const before = driver.kind === "docker" ? (await warmContainers()).length : 0;
    const kill = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nimport time\ntime.sleep(30)\n";
    await expect(sandbox.runWarm?.(spec([], { code: kill }))).rejects.toMatchObject({
      code: SandboxErrorCode.WORKER_LOST,
    });
    const stop = "import os, signal\nos.kill(os.getppid(), signal.SIGSTOP)\n";
    // A stopped server never answers: the run is lost at its wall limit plus the grace.
    await expect(sandbox.runWarm?.(spec([], { code: stop, timeoutMs: 1000 }))).rejects.toMatchObject({
      code: SandboxErrorCode.WORKER_LOST,
    });
    const next = await sandbox.runWarm?.(spec(pytestArgs("test_pass.py")));
    expect(next?.stdout).toContain("2 passed");
    // The lost workers' containers are gone; the replacement took the default spec's place.
    if (driver.kind === "docker") expect(await warmContainers()).toHaveLength(before);
  }, 60_000);

  test("an abort kills the worker and rejects with ABORTED", async () => {
    const controller = new AbortController();
    const run = sandbox.runWarm?.(spec(pytestArgs("test_loop.py")), controller.signal);
    setTimeout(() => controller.abort(), 1500);
    await expect(run).rejects.toMatchObject({ code: SandboxErrorCode.ABORTED });
    const next = await sandbox.runWarm?.(spec(pytestArgs("test_pass.py")));
    expect(next?.stdout).toContain("2 passed");
  });
});
