import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/cli.js";
import { hostile, repoRoot, tinyledger } from "./support/fixtures.js";

describe("tracegen CLI", () => {
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), "tg-cli-"));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const cli = (...args: string[]) =>
    runCli([...args, "--home", home], { env: { TRACEGEN_LOG_LEVEL: "warn" } });

  it("runs the README's main command: relative paths, embedded defaults under ./.tracegen", async () => {
    const cwd = join(home, "readme");
    mkdirSync(join(cwd, "examples/tinyledger"), { recursive: true });
    for (const f of ["seeds.jsonl", "repo.bundle"])
      copyFileSync(join(repoRoot, "examples/tinyledger", f), join(cwd, "examples/tinyledger", f));
    const run = await runCli(
      [
        "seeds",
        "import",
        "examples/tinyledger/seeds.jsonl",
        "--repo",
        "tinyledger/tinyledger=examples/tinyledger/repo.bundle",
      ],
      { cwd, env: { TRACEGEN_LOG_LEVEL: "warn" } },
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("seeds: 7 ready, 0 unusable; 7 snapshots");
    expect(existsSync(join(cwd, ".tracegen/mirrors/tinyledger__tinyledger.git/HEAD"))).toBe(true);
    expect(existsSync(join(cwd, ".tracegen/db"))).toBe(true);
  });

  it("documents its commands and exit codes", async () => {
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/seeds/);
    expect(help.stdout).toMatch(/serve/);
    expect(help.stdout).toMatch(/Exit codes: 0 success, 1 failure, 2 bad input, 3/);
    const importHelp = await runCli(["seeds", "import", "--help"]);
    expect(importHelp.stdout).toContain("--repo <owner/name=SOURCE>");
  });

  it("tells bad input apart from failure by exit code, with a clear message", async () => {
    const unknown = await runCli(["frobnicate"]);
    expect(unknown.code).toBe(2);
    const missingFile = await cli("seeds", "import", "/no/such/seeds.jsonl");
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr).toContain("cannot read seeds file /no/such/seeds.jsonl: ENOENT");
    const badRepo = await cli("seeds", "import", tinyledger.seedsJsonl, "--repo", "just-a-name");
    expect(badRepo.code).toBe(2);
    expect(badRepo.stderr).toContain("must look like owner/name=");
    const badDb = await cli("seeds", "list", "--db", "mysql://localhost/x");
    expect(badDb.code).toBe(2);
    expect(badDb.stderr).toContain("unsupported database URL scheme");
    const downDb = await cli("seeds", "list", "--db", "postgres://postgres@127.0.0.1:1/none", "--json");
    expect(downDb.code).toBe(1);
    expect(JSON.parse(downDb.stdout)).toMatchObject({ error: { code: "DATABASE" } });
    expect(downDb.stderr).toContain("cannot reach database");
  });

  it("imports with --json: one document on stdout, exit 3 when rows were rejected", async () => {
    const run = await cli(
      "seeds",
      "import",
      hostile.seedsJsonl,
      "--repo",
      `${hostile.repo}=${hostile.bundle}`,
      "--json",
    );
    expect(run.code).toBe(3);
    const doc = JSON.parse(run.stdout) as {
      summary: Record<string, number>;
      rows: { row: number; errors?: { field: string }[] }[];
    };
    expect(doc.summary).toMatchObject({ rows: 10, ready: 2, invalid: 3, unusable: 5 });
    expect(doc.rows.find((r) => r.row === 8)?.errors?.[0]?.field).toBe("base_commit");

    const good = await cli(
      "seeds",
      "import",
      tinyledger.seedsJsonl,
      "--repo",
      `${tinyledger.repo}=${tinyledger.bundle}`,
    );
    expect(good.code).toBe(0);
    expect(good.stdout).toContain("7 rows: 7 new");

    const show = await cli("seeds", "show", "tinyledger__tinyledger-4", "--json");
    expect(show.code).toBe(0);
    const seed = JSON.parse(show.stdout) as { seed: { status: string }; trace: { changedUnits: unknown[] } };
    expect(seed.seed.status).toBe("SEED_STATUS_READY");
    expect(seed.trace.changedUnits.length).toBeGreaterThan(0);

    const missing = await cli("seeds", "show", "nope", "--json");
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: "NOT_FOUND" } });

    const list = await cli("seeds", "list", "--status", "unusable");
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("commit_missing");
  });
});
