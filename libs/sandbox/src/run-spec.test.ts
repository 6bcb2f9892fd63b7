import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, resolveLimits, sandboxEnv, validateSpec } from "./run-spec.js";
import { SandboxErrorCode } from "./sandbox-error.js";

const ok = { repoDir: "/tmp", command: ["true"], timeoutMs: 1000 };

describe("validateSpec", () => {
  it.each([
    ["a relative repoDir", { repoDir: "repo" }],
    ["a missing repoDir", { repoDir: "/nonexistent/tracegen" }],
    ["an empty command", { command: [] }],
    ["a zero timeout", { timeoutMs: 0 }],
    ["an absolute collect path", { collect: ["/etc/passwd"] }],
    ["a collect path climbing out", { collect: ["a/../../x"] }],
    ["a bad env name", { env: { "A=B": "x" } }],
    ["a negative limit", { limits: { pids: -1 } }],
  ])("rejects %s", (_, change) => {
    expect(() => validateSpec({ ...ok, ...change })).toThrow(
      expect.objectContaining({ code: SandboxErrorCode.INVALID_SPEC }),
    );
  });

  it("accepts a plain spec and nested collect paths", () => {
    expect(() => validateSpec({ ...ok, collect: ["reports/junit.xml", ".coverage"] })).not.toThrow();
  });
});

describe("resolveLimits and sandboxEnv", () => {
  it("fills defaults and keeps what is given", () => {
    expect(resolveLimits({ pids: 64 })).toEqual({ ...DEFAULT_LIMITS, pids: 64 });
  });

  it("never passes the host environment on", () => {
    const env = sandboxEnv({ ...ok, env: { PYTHONPATH: "src" } });
    expect(env).toEqual(expect.objectContaining({ PYTHONPATH: "src", HOME: "/tmp" }));
    expect(Object.keys(env).sort()).toEqual(["HOME", "LANG", "LOGNAME", "PATH", "PYTHONPATH", "USER"]);
  });
});
