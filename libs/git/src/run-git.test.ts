import { readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, test } from "vitest";
import { GitErrorCode } from "./git-error.js";
import { runGit } from "./run-git.js";

/** Whether a process whose command line contains `needle` is alive. */
function running(needle: string): boolean {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .some((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").includes(needle);
      } catch {
        return false;
      }
    });
}

describe("runGit", () => {
  test("resolves with the exit code and output of a failing command", async () => {
    const result = await runGit({
      cwd: tmpdir(),
      args: ["rev-parse", "--no-such-flag"],
      env: { GIT_DIR: "/nope" },
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/not a git repository/);
  });

  test("kills git and its children on timeout", async () => {
    const nap = "sleep 7.31";
    const started = Date.now();
    const call = runGit({ cwd: tmpdir(), args: ["-c", `alias.nap=!${nap}`, "nap"], timeoutMs: 300 });
    await new Promise((done) => setTimeout(done, 150));
    expect(running(nap)).toBe(true);
    await expect(call).rejects.toMatchObject({ code: GitErrorCode.TIMEOUT });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(running(nap)).toBe(false);
  });

  test("kills git when the signal aborts", async () => {
    const controller = new AbortController();
    const call = runGit({
      cwd: tmpdir(),
      args: ["-c", "alias.nap=!sleep 6.17", "nap"],
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    await expect(call).rejects.toMatchObject({ code: GitErrorCode.ABORTED });
  });

  test("caps stdout", async () => {
    const call = runGit({ cwd: tmpdir(), args: ["help", "-a"], maxOutputBytes: 64 });
    await expect(call).rejects.toMatchObject({ code: GitErrorCode.OUTPUT_TOO_LARGE });
  });

  test("reports a missing git executable and a missing directory", async () => {
    await expect(
      runGit({ cwd: tmpdir(), args: ["version"], env: { PATH: "/nonexistent" } }),
    ).rejects.toMatchObject({
      code: GitErrorCode.GIT_NOT_FOUND,
    });
    await expect(runGit({ gitDir: "/nonexistent/x.git", args: ["version"] })).rejects.toThrow(
      /does not exist/,
    );
  });
});
