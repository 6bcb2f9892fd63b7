// Test helpers: the drivers under test and checks that the host came through a run unharmed.
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import Docker from "dockerode";
import { createBwrapSandbox } from "./bwrap-sandbox.js";
import { connectDocker } from "./docker-client.js";
import { SANDBOX_LABEL } from "./docker-config.js";
import { createDockerSandbox } from "./docker-sandbox.js";
import type { Sandbox } from "./types.js";

/** Label of every container the tests make, unique per test process. */
export const TEST_LABEL = `test-${process.pid}`;

/** A driver under test: how to open it, and whether this machine can run it. */
export interface Driver {
  kind: "docker" | "bwrap";
  open(tmpRoot?: string): Promise<Sandbox>;
  /** Undefined when usable, else why not. */
  unavailable: string | undefined;
  /** Set TRACEGEN_REQUIRE_<KIND>=1 to fail instead of skipping when unavailable. */
  required: boolean;
}

async function reason(check: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await check();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Both drivers, probed once; unusable ones are reported so a skip is never silent. */
export async function probeDrivers(): Promise<Driver[]> {
  const docker: Driver = {
    kind: "docker",
    open: (tmpRoot) => createDockerSandbox({ label: TEST_LABEL, ...(tmpRoot ? { tmpRoot } : {}) }),
    unavailable: await reason(async () => {
      const client = await connectDocker();
      await client.getImage("tracegen/base:bookworm").inspect();
    }),
    required: process.env.TRACEGEN_REQUIRE_DOCKER === "1",
  };
  const bwrap: Driver = {
    kind: "bwrap",
    open: (tmpRoot) => createBwrapSandbox(tmpRoot ? { tmpRoot } : {}),
    unavailable: await reason(async () => (await createBwrapSandbox()).close()),
    required: process.env.TRACEGEN_REQUIRE_BWRAP === "1",
  };
  for (const driver of [docker, bwrap]) {
    if (driver.unavailable !== undefined && !driver.required) {
      console.warn(`SKIPPING the ${driver.kind} sandbox tests: ${driver.unavailable}`);
    }
  }
  return [docker, bwrap];
}

/** pytest on one test file of the fixture, tagged with a marker to find its processes by. */
export function pytest(file: string, marker: string, ...extra: string[]): string[] {
  return [
    "python3",
    "-m",
    "pytest",
    "-p",
    "no:cacheprovider",
    "-q",
    "-o",
    `junit_suite_name=${marker}`,
    `tests/${file}`,
    ...extra,
  ];
}

/** A fresh marker for {@link pytest}. */
export function newMarker(): string {
  return `m${randomBytes(6).toString("hex")}`;
}

/** Paths, modes and contents of a directory tree, hashed: equal digests mean an unchanged tree. */
export async function treeDigest(dir: string): Promise<string> {
  const hash = createHash("sha256");
  const entries = (await readdir(dir, { recursive: true })).sort();
  for (const entry of entries) {
    const path = join(dir, entry);
    const info = await stat(path);
    hash.update(`${entry}\0${info.mode}\0`);
    if (info.isFile()) hash.update(await readFile(path));
  }
  return hash.digest("hex");
}

/** Host processes whose command line contains the marker (Docker's are visible here too). */
export async function processesWith(marker: string): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const cmdline = await readFile(`/proc/${name}/cmdline`, "utf8").catch(() => "");
    if (cmdline.includes(marker)) found.push(Number(name));
  }
  return found;
}

/** Containers carrying the tests' label, in any state. */
export async function testContainers(): Promise<string[]> {
  const docker = new Docker({ socketPath: "/var/run/docker.sock" });
  const list = await docker.listContainers({
    all: true,
    filters: { label: [`${SANDBOX_LABEL}=${TEST_LABEL}`] },
  });
  return list.map((container) => container.Id);
}

/** The host can still start processes: 20 `true`s in a row. */
export function hostSpawns(): boolean {
  for (let i = 0; i < 20; i++) execFileSync("true");
  return true;
}

/** Removes a fixture directory. */
export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
