import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/cli.js";
import { tinyledger } from "./support/fixtures.js";

describe("tracegen synth", () => {
  let home: string;
  const cli = (args: string[], timeoutMs = 170_000) =>
    runCli([...args, "--home", home], { env: { TRACEGEN_LOG_LEVEL: "warn" }, timeoutMs });

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), "tg-cli-synth-"));
    const imported = await cli([
      "seeds",
      "import",
      tinyledger.seedsJsonl,
      "--repo",
      `${tinyledger.repo}=${tinyledger.bundle}`,
    ]);
    expect(imported.code).toBe(0);
  }, 180_000);
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it("makes and validates candidates for a seed, and reports them as JSON", async () => {
    const run = await cli(
      [
        "synth",
        "--seed",
        "tinyledger__tinyledger-1",
        "--max",
        "4",
        "--random-seed",
        "2",
        "--validate",
        "--sandbox",
        "bwrap",
        "--json",
      ],
      240_000,
    );
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      made: number;
      targeting: string;
      valid: number;
      candidates: { id: string; strategy: string; mutator: string; verdict: string }[];
    };
    expect(result.made).toBe(4);
    expect(result.targeting).toBe("coverage");
    expect(result.candidates).toHaveLength(4);
    expect(new Set(result.candidates.map((c) => c.strategy))).toEqual(new Set(["transplant", "procedural"]));
    for (const c of result.candidates) expect(c.verdict).toMatch(/^(valid|invalid|error|timeout)/);
    expect(result.valid).toBe(result.candidates.filter((c) => c.verdict === "valid").length);
  }, 300_000);

  it("ranks transplants by retrieval once the seed's snapshot is indexed", async () => {
    const args = [
      "synth",
      "--seed",
      "tinyledger__tinyledger-1",
      "--strategy",
      "transplant",
      "--no-targeting",
    ];
    const before = await cli([...args, "--max", "1", "--json"]);
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({ transplantRanking: "identifier overlap" });
    expect((await cli(["index", "--all", "--json"])).code).toBe(0);
    const after = await cli([...args, "--max", "2", "--json"]);
    expect(after.code).toBe(0);
    const result = JSON.parse(after.stdout) as {
      transplantRanking: string;
      made: number;
      duplicates: number;
    };
    expect(result.transplantRanking).toBe("retrieval");
    // Transplants still come out (new, or dropped as ones the earlier tests stored already).
    expect(result.made + result.duplicates).toBeGreaterThan(0);
    const text = await cli([...args, "--max", "1"]);
    expect(text.stdout).toMatch(/transplants ranked by retrieval/);
  }, 300_000);

  it("refuses bad input with exit code 2", async () => {
    const both = await cli(["synth", "--seed", "a", "--snapshot", "b"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/exactly one of --seed/);
    const strategy = await cli(["synth", "--seed", "tinyledger__tinyledger-1", "--strategy", "magic"]);
    expect(strategy.code).toBe(2);
    expect(strategy.stderr).toMatch(/unknown strategy "magic"/);
  });
});
