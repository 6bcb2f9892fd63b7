// The network and escape probes of the fixture repository (tests/test_network.py,
// tests/test_escape.py) with what every sandbox must show for them, shared by the cold
// (Sandbox.run) and warm (Sandbox.runWarm) tests: `run` starts the probe with the given
// environment and collects the given files, each test in its own way.
import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { type AddressInfo, createServer } from "node:net";
import { expect } from "vitest";
import type { RunResult } from "./types.js";

/** Runs a probe: its environment (beside PYTHONPATH=src) and the files to collect. */
export type RunProbe = (
  env: Record<string, string>,
  collect: string[],
) => Promise<RunResult | undefined> | undefined;

/** No network: a host loopback server gets no connection, and every attempt fails, the internet with no route. */
export async function expectNoNetwork(run: RunProbe): Promise<void> {
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const result = await run({ PYTHONPATH: "src", HOST_PORT: String(port) }, ["network.json"]);
    expect(result?.exitCode).toBe(0);
    const outcome = JSON.parse(result?.files.get("network.json")?.toString() ?? "{}") as Record<
      string,
      string
    >;
    expect(Object.keys(outcome).sort()).toEqual(["dns", "docker_socket", "internet", "loopback"]);
    for (const value of Object.values(outcome)) expect(value).toMatch(/^failed/);
    // No route at all (not a slow timeout): there is no interface but loopback.
    expect(outcome.internet).toMatch(/unreachable/i);
    expect(connections).toBe(0);
  } finally {
    server.close();
  }
}

/**
 * Writes to `targets` from inside, with a host secret beside: the writes to `refused` fail, none of
 * `absent` appears on the host (they are removed after, whatever happened), nothing comes back
 * through the symlinks the probe plants, and the secret is untouched.
 */
export async function expectWritesContained(
  id: string,
  targets: string[],
  expected: { refused: string[]; absent: string[] },
  run: RunProbe,
): Promise<void> {
  const secret = `/var/tmp/tracegen-secret-${id}`;
  await writeFile(secret, "host secret", { mode: 0o600 });
  try {
    const result = await run({ PYTHONPATH: "src", TARGETS: JSON.stringify(targets), SECRET: secret }, [
      "escape.json",
      "report.xml",
      "hostname.txt",
    ]);
    expect(result?.exitCode).toBe(0);
    const outcome = JSON.parse(result?.files.get("escape.json")?.toString() ?? "{}") as Record<
      string,
      string
    >;
    for (const path of expected.refused) expect(outcome[path], path).toMatch(/^failed/);
    for (const path of expected.absent) expect(existsSync(path), path).toBe(false);
    expect(result?.files.has("report.xml")).toBe(false);
    expect(result?.files.has("hostname.txt")).toBe(false);
    expect(await readFile(secret, "utf8")).toBe("host secret");
  } finally {
    await rm(secret, { force: true });
    for (const path of expected.absent) await rm(path, { force: true });
  }
}
