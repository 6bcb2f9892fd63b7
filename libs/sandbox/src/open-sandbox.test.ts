import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { probeDrivers } from "./fixtures.test-suite.js";
import { openSandbox } from "./open-sandbox.js";
import { SandboxErrorCode } from "./sandbox-error.js";

const drivers = await probeDrivers();
const usable = (kind: string) =>
  drivers.some((driver) => driver.kind === kind && (driver.unavailable === undefined || driver.required));

describe("openSandbox", () => {
  it.skipIf(!usable("docker"))("auto prefers Docker when a daemon answers and has the image", async () => {
    const sandbox = await openSandbox("auto");
    expect(sandbox.kind).toBe("docker");
    await sandbox.close();
  });

  it.skipIf(!usable("bwrap"))("auto falls back to bwrap when no daemon answers", async () => {
    const sandbox = await openSandbox("auto", { docker: { socketPath: "/nonexistent/docker.sock" } });
    expect(sandbox.kind).toBe("bwrap");
    await sandbox.close();
  });

  it.skipIf(!usable("bwrap"))("auto falls back to bwrap when the image is missing", async () => {
    const sandbox = await openSandbox("auto", { image: "tracegen/no-such-image:0" });
    expect(sandbox.kind).toBe("bwrap");
    await sandbox.close();
  });

  it("names both reasons when neither driver works", async () => {
    const opening = openSandbox("auto", {
      docker: { socketPath: "/nonexistent/docker.sock" },
      bwrap: { bwrapPath: "/nonexistent/bwrap" },
    });
    await expect(opening).rejects.toMatchObject({ code: SandboxErrorCode.UNAVAILABLE });
    await expect(opening).rejects.toThrow(/Docker: .*docker\.sock.*bwrap: /);
  });

  it("rejects an explicit driver that cannot run with UNAVAILABLE", async () => {
    await expect(
      openSandbox("docker", { docker: { socketPath: "/nonexistent/docker.sock" } }),
    ).rejects.toMatchObject({
      code: SandboxErrorCode.UNAVAILABLE,
    });
    await expect(openSandbox("bwrap", { bwrap: { bwrapPath: "/nonexistent/bwrap" } })).rejects.toMatchObject({
      code: SandboxErrorCode.UNAVAILABLE,
    });
  });

  it.skipIf(!usable("bwrap"))("refuses runs after close", async () => {
    const sandbox = await openSandbox("bwrap");
    await sandbox.close();
    await expect(sandbox.run({ repoDir: "/tmp", command: ["true"], timeoutMs: 1000 })).rejects.toMatchObject({
      code: SandboxErrorCode.CLOSED,
    });
  });

  it.skipIf(!usable("bwrap") || process.getuid?.() !== 0)(
    "as root, a tmpRoot bwrap's user cannot pass through is UNAVAILABLE up front",
    async () => {
      const tmpRoot = await mkdtemp(join(tmpdir(), "tracegen-private-")); // mode 0700
      try {
        await expect(openSandbox("bwrap", { bwrap: { tmpRoot } })).rejects.toThrow(/cannot pass through/);
      } finally {
        await rm(tmpRoot, { recursive: true, force: true });
      }
    },
  );
});
