import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/cli.js";
import { hostile, repoRoot, tinyledger } from "./support/fixtures.js";
import { GENERATE_COMMAND, makeInstallFixture } from "./support/install-fixture.js";

describe("tracegen CLI", () => {
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), "tg-cli-"));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const cli = (...args: string[]) =>
    runCli([...args, "--home", home], { env: { TRACEGEN_LOG_LEVEL: "warn" } });

  it("runs the README's main command: relative paths, embedded defaults under ./.tracegen, valid instances and a report", async () => {
    // The command after `setup.sh &&` in the README's block marked main-command.
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const block = /<!-- main-command -->\s*```sh\n([^\n]+)\n```/.exec(readme)?.[1] ?? "";
    const command = block.split("&&").pop()?.trim() ?? "";
    expect(command).toMatch(/^pnpm tracegen run /);
    const args = command.replace(/^pnpm tracegen /, "").split(/\s+/);
    const cwd = join(home, "readme");
    mkdirSync(join(cwd, "examples/tinyledger"), { recursive: true });
    for (const f of ["seeds.jsonl", "repo.bundle"])
      copyFileSync(join(repoRoot, "examples/tinyledger", f), join(cwd, "examples/tinyledger", f));
    // bubblewrap, as on a machine set up without --services (here Docker would answer too).
    const run = await runCli(args, {
      cwd,
      env: { TRACEGEN_LOG_LEVEL: "warn", TRACEGEN_SANDBOX: "bwrap" },
      timeoutMs: 900_000,
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("seeds: 7 (7 usable)");
    const instances = Number(/valid instances: (\d+)/.exec(run.stdout)?.[1] ?? 0);
    expect(instances).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/candidates validated per minute: \d/);
    const out = join(cwd, ".tracegen/runs/seeds");
    expect(run.stdout).toContain(join(out, "report.html"));
    expect(readFileSync(join(out, "instances.jsonl"), "utf8").trim().split("\n")).toHaveLength(instances);
    expect(existsSync(join(out, "summary.json"))).toBe(true);
    expect(existsSync(join(cwd, ".tracegen/mirrors/tinyledger__tinyledger.git/HEAD"))).toBe(true);
    expect(existsSync(join(cwd, ".tracegen/db"))).toBe(true);
  }, 900_000);

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

  it("stores a profile with seeds import, which env build then uses; a bad profile is exit 2 naming the field", async () => {
    const fixture = makeInstallFixture(home);
    const seeds = join(home, "install-seeds.jsonl");
    writeFileSync(seeds, `${JSON.stringify(fixture.row)}\n`);
    const profileFile = (name: string, text: string) => {
      writeFileSync(join(home, name), text);
      return join(home, name);
    };
    const repoFlag = `${fixture.repo}=${fixture.path}`;

    const negative = profileFile("negative.yaml", "repo: install/fixture\ntimeout_s: -5\n");
    const bad = await cli("seeds", "import", seeds, "--repo", repoFlag, "--profile", negative, "--json");
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout)).toMatchObject({ error: { code: "BAD_PROFILE" } });
    expect(bad.stderr).toContain(`${negative}: timeout_s`);
    const typo = profileFile("typo.yaml", "repo: install/fixture\ntest_comand: pytest\n");
    const unknown = await cli("seeds", "import", seeds, "--repo", repoFlag, "--profile", typo);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown field test_comand");
    // Nothing was imported by the refused commands.
    expect((await cli("seeds", "show", fixture.row.instance_id)).code).toBe(2);

    const good = profileFile(
      "profile.yaml",
      `repo: install/fixture\nversion: 1.0\ninstall:\n  - ${JSON.stringify(GENERATE_COMMAND)}\n`,
    );
    const imported = await cli("seeds", "import", seeds, "--repo", repoFlag, "--profile", good);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain("profile stored for install/fixture version 1.0");

    const built = await runCli(
      [
        "env",
        "build",
        "--repo",
        fixture.repo,
        "--commit",
        fixture.commit,
        "--sandbox",
        "bwrap",
        "--json",
        "--home",
        home,
      ],
      { env: { TRACEGEN_LOG_LEVEL: "warn" }, timeoutMs: 240_000 },
    );
    expect(built.code, built.stderr).toBe(0);
    const summary = JSON.parse(built.stdout) as { profile: string; tests: number; passing: number };
    // test_generated passes only when the stored profile's install command ran.
    expect(summary).toMatchObject({ profile: "stored-version", tests: 3, passing: 3 });
  }, 300_000);
});
