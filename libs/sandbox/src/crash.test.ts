// A process that dies mid-run (SIGKILL) must not leave sandboxes running: bwrap's die with
// their parent; Docker containers are orphans that reapOrphans removes with their copies.
import { spawn, spawnSync } from "node:child_process";
import { chmod, mkdtemp, readdir } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBwrapSandbox } from "./bwrap-sandbox.js";
import { OWNER_HOST_LABEL, OWNER_PID_LABEL, SANDBOX_LABEL } from "./docker-config.js";
import { reapOrphans } from "./docker-reap.js";
import { makeFixtureRepo } from "./fixture-repo.test-suite.js";
import { newMarker, probeDrivers, processesWith, removeDir } from "./fixtures.test-suite.js";
import { DEFAULT_IMAGE } from "./run-spec.js";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "../../..");
const tsxLoader = pathToFileURL(join(repoRoot, "node_modules/tsx/dist/loader.mjs")).href;
const drivers = await probeDrivers();
const dockerUsable = drivers.some(
  (driver) => driver.kind === "docker" && (!driver.unavailable || driver.required),
);

async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function labelled(docker: Docker, label: string) {
  return docker.listContainers({ all: true, filters: { label: [`${SANDBOX_LABEL}=${label}`] } });
}

let repoDir: string;
beforeAll(async () => {
  repoDir = await makeFixtureRepo();
});
afterAll(async () => {
  await removeDir(repoDir);
});

describe.each(drivers)("$kind sandbox of a crashed process", (driver) => {
  it.skipIf(driver.unavailable !== undefined && !driver.required)(
    "leaves nothing behind once reaped",
    async () => {
      const label = `crash-${newMarker()}`;
      const marker = newMarker();
      const tmpRoot = await mkdtemp(join(tmpdir(), "tracegen-crash-test-"));
      await chmod(tmpRoot, 0o711); // bwrap's unprivileged user must pass through
      const script = join(here, "crash-child.test-suite.ts");
      const child = spawn(
        process.execPath,
        ["--conditions=source", "--import", tsxLoader, script, driver.kind, label, repoDir, tmpRoot],
        // The marker goes in the environment: only the sandboxed process may show it in its argv.
        { stdio: "inherit", env: { ...process.env, CRASH_MARKER: marker } },
      );
      let gone = false;
      const exited = new Promise((resolve) => child.on("exit", resolve)).then(() => (gone = true));
      try {
        await until("the run to start", async () => {
          if (gone) throw new Error("the child exited before its run started");
          return (await processesWith(marker)).length > 0 ? true : undefined;
        });
        child.kill("SIGKILL");
        await exited;
        // The dead process's repo copy is still there.
        expect(await readdir(tmpRoot)).toHaveLength(1);
        if (driver.kind === "bwrap") {
          // --die-with-parent: the sandbox went down with the process that started it...
          await until(
            "the sandbox to die",
            async () => ((await processesWith(marker)).length ? undefined : true),
            5000,
          );
          // ...and the next sandbox made on this host removes the copy.
          await (await createBwrapSandbox({ tmpRoot })).close();
        } else {
          const docker = new Docker({ socketPath: "/var/run/docker.sock" });
          const [orphan] = await labelled(docker, label);
          expect(orphan?.State).toBe("running");
          expect(await reapOrphans({ docker, label })).toEqual([orphan?.Id]);
          expect(await labelled(docker, label)).toEqual([]);
          expect(await processesWith(marker)).toEqual([]);
        }
        expect(await readdir(tmpRoot)).toEqual([]);
      } finally {
        child.kill("SIGKILL");
        await removeDir(tmpRoot);
      }
    },
  );
});

describe.skipIf(!dockerUsable)("reapOrphans", () => {
  const docker = new Docker({ socketPath: "/var/run/docker.sock" });
  const label = `reap-${newMarker()}`;
  const deadPid = spawnSync("true").pid;

  async function container(ownerPid: number, host = hostname()): Promise<string> {
    const created = await docker.createContainer({
      Image: DEFAULT_IMAGE,
      Cmd: ["sleep", "300"],
      Labels: { [SANDBOX_LABEL]: label, [OWNER_PID_LABEL]: String(ownerPid), [OWNER_HOST_LABEL]: host },
      HostConfig: { NetworkMode: "none" },
    });
    await created.start();
    return created.id;
  }

  afterAll(async () => {
    for (const info of await labelled(docker, label))
      await docker.getContainer(info.Id).remove({ force: true });
  });

  it("removes containers of dead owners on this host and keeps live or foreign ones until stale", async () => {
    const orphan = await container(deadPid);
    const live = await container(process.pid);
    const foreign = await container(deadPid, "another-host");
    expect(await reapOrphans({ docker, label })).toEqual([orphan]);
    const left = (await labelled(docker, label)).map((info) => info.Id).sort();
    expect(left).toEqual([live, foreign].sort());
    // Past staleAfterMs every one goes, whoever owns it.
    expect((await reapOrphans({ docker, label, staleAfterMs: 0 })).sort()).toEqual([live, foreign].sort());
    expect(await labelled(docker, label)).toEqual([]);
  });
});
