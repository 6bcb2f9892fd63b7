import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createScratchPostgres } from "@tracegen/db/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, runCli, spawnCli } from "./support/cli.js";
import { tinyledger } from "./support/fixtures.js";
import { writeSeedsSubset } from "./support/seeds.js";

const SEEDS = ["tinyledger__tinyledger-1", "tinyledger__tinyledger-2"];
const BUDGET = 3;

interface RunJson {
  seeds: number;
  usable: number;
  candidates: number;
  validated: number;
  valid: number;
  instances: number;
  candidatesPerMinute: number | null;
  paths: { instancesPath: string; summaryPath: string; reportPath: string };
  invocation: { synthesized: number; validated: number; instances: number };
  transients: Record<string, number>;
  summary: { retrieval: RetrievalJson };
}

interface RetrievalJson {
  enabled: boolean;
  indexed: { snapshots: number; units: number; embedded: number; reused: number; parked: number };
  fallbacks: Record<string, string>;
  transplantRanking: Record<string, string>;
}

interface EvalJson {
  total_instances: number;
  submitted_instances: number;
  resolved_instances: number;
  unresolved_instances: number;
  empty_patch_instances: number;
  error_instances: number;
  resolved_ids: string[];
  empty_patch_ids: string[];
}

describe("tracegen run (embedded defaults, Postgres, killed and resumed)", () => {
  let home: string;
  let seedsFile: string;
  let scratch: { url: string; drop: () => Promise<void> };
  let client: pg.Client;
  const args = () => [
    "run",
    "--seeds",
    seedsFile,
    "--repo",
    `${tinyledger.repo}=${tinyledger.bundle}`,
    "--max-candidates-per-seed",
    String(BUDGET),
    "--sandbox",
    "bwrap",
    "--db",
    scratch.url,
    "--home",
    home,
    "--json",
  ];
  const env = { TRACEGEN_LOG_LEVEL: "warn" };
  const count = async (query: string): Promise<number> => {
    try {
      return Number((await client.query<{ n: string }>(query)).rows[0]?.n ?? 0);
    } catch {
      return 0; // the tables are not made yet
    }
  };
  const state = async () => ({
    candidates: await count("select count(*) as n from candidates"),
    verdicts: await count("select count(*) as n from verdicts"),
    unvalidated: await count(
      "select count(*) as n from candidates c left join verdicts v on v.candidate_id = c.id where v.candidate_id is null",
    ),
    valid: await count("select count(*) as n from verdicts where kind = 'valid'"),
    instances: await count("select count(*) as n from instances"),
    distinctInstances: await count("select count(distinct instance_id) as n from instances"),
    instanceEvents: await count(
      "select count(*) as n from outbox where subject = 'tracegen.instance.created'",
    ),
  });

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), "tg-run-"));
    seedsFile = writeSeedsSubset(tinyledger.seedsJsonl, SEEDS, join(home, "two-seeds.jsonl"));
    scratch = await createScratchPostgres();
    client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await scratch?.drop();
    rmSync(home, { recursive: true, force: true });
  });

  it("killed with SIGKILL mid-validation and started again: every candidate has one verdict, no instance lost or duplicated", async () => {
    const child = spawnCli(args(), env);
    const exited = collect(child, 300_000);
    let killedAt: Awaited<ReturnType<typeof state>> | undefined;
    let finished = false;
    void exited.then(() => {
      finished = true;
    });
    while (!finished) {
      const now = await state();
      if (now.verdicts >= 2) {
        child.kill("SIGKILL");
        killedAt = now;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const killed = await exited;
    expect(killedAt, `the run ended before it could be killed: ${killed.stderr}`).toBeDefined();
    expect(killed.signal).toBe("SIGKILL");
    const before = await state();
    expect(before.candidates).toBe(SEEDS.length * BUDGET);
    expect(before.unvalidated).toBeGreaterThan(0);

    const resumed = await runCli(args(), { env, timeoutMs: 300_000 });
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    const result = JSON.parse(resumed.stdout) as RunJson;
    const after = await state();
    // Nothing synthesized again, the rest validated once each.
    expect(result.invocation.synthesized).toBe(0);
    expect(result.invocation.validated).toBe(before.unvalidated);
    expect(after.candidates).toBe(SEEDS.length * BUDGET);
    expect(after.unvalidated).toBe(0);
    expect(after.verdicts).toBe(after.candidates);
    expect(after.valid).toBeGreaterThan(0);
    expect(after.instances).toBe(after.valid);
    expect(after.distinctInstances).toBe(after.instances);
    expect(after.instanceEvents).toBe(after.instances);
    expect(result).toMatchObject({
      seeds: SEEDS.length,
      usable: SEEDS.length,
      candidates: after.candidates,
      validated: after.verdicts,
      valid: after.valid,
      instances: after.instances,
      transients: {},
    });
    expect(result.candidatesPerMinute).toBeGreaterThan(0);

    const rows = readFileSync(result.paths.instancesPath, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(after.instances);
    expect(new Set(rows.map((r) => r.instance_id)).size).toBe(rows.length);
    const dbIds = (await client.query<{ instance_id: string }>("select instance_id from instances")).rows.map(
      (r) => r.instance_id,
    );
    expect(rows.map((r) => r.instance_id).sort()).toEqual(dbIds.sort());
    for (const row of rows) {
      expect(row.instance_id).toMatch(/^tinyledger__tinyledger\.cand-[0-9a-f]+$/);
      expect(row.repo).toBe(tinyledger.repo);
      expect(row.base_commit).toMatch(/^[0-9a-f]{40}$/);
      expect(row.test_patch).toBe("");
      expect(JSON.parse(row.FAIL_TO_PASS as string).length).toBeGreaterThan(0);
      expect(JSON.parse(row.PASS_TO_PASS as string).length).toBeGreaterThan(0);
      expect(row.patch).toMatch(/^diff --git /);
      expect(row.patch).not.toBe(row.bug_patch);
      expect(String(row.problem_statement).length).toBeGreaterThan(20);
      for (const field of [
        "created_at",
        "version",
        "image_name",
        "strategy",
        "mutator",
        "seed_id",
        "candidate_id",
      ])
        expect(row).toHaveProperty(field);
    }
    const summary = JSON.parse(readFileSync(result.paths.summaryPath, "utf8")) as {
      counts: Record<string, number>;
      stageSeconds: Record<string, number>;
    };
    expect(summary.counts).toMatchObject({
      seeds: 2,
      usable: 2,
      candidates: after.candidates,
      instances: after.instances,
    });
    expect(readFileSync(result.paths.reportPath, "utf8")).toContain("<!doctype html>");

    // The killed invocation indexed both seeds' snapshots and ranked their transplants by
    // retrieval; the resumed one synthesized nothing, so it indexed nothing.
    const byRetrieval = Object.fromEntries(SEEDS.map((id) => [id, "retrieval"]));
    expect(result.summary.retrieval).toMatchObject({
      enabled: true,
      indexed: { snapshots: 0 },
      transplantRanking: byRetrieval,
    });
    expect(
      (
        await client.query(
          "select distinct detail->>'ranking' as r from candidates where strategy = 'transplant'",
        )
      ).rows,
    ).toEqual([{ r: "retrieval" }]);
    const snapshots = (
      await client.query<{ snapshot_id: string }>(
        "select snapshot_id from seeds where instance_id = any($1) order by snapshot_id",
        [SEEDS],
      )
    ).rows.map((r) => r.snapshot_id);
    expect(
      (
        await client.query<{ snapshot_id: string }>(
          "select snapshot_id from retrieval_snapshots order by snapshot_id",
        )
      ).rows.map((r) => r.snapshot_id),
    ).toEqual(snapshots);
    // Every function, class and method of the seeds' snapshots has its vector.
    const units = `from snapshot_units u where u.snapshot_id = any($1) and u.kind <> 'module'`;
    const unitCount = async (where: string) =>
      Number(
        (await client.query<{ n: string }>(`select count(*) as n ${units} ${where}`, [snapshots])).rows[0]?.n,
      );
    expect(await unitCount("")).toBeGreaterThan(0);
    expect(
      await unitCount("and not exists (select 1 from embeddings e where e.content_hash = u.content_hash)"),
    ).toBe(0);
  }, 600_000);

  it("run again: nothing new is made and the counts stay the same", async () => {
    const before = await state();
    const again = await runCli(args(), { env, timeoutMs: 180_000 });
    expect(again.code).toBe(0);
    const result = JSON.parse(again.stdout) as RunJson;
    expect(result.invocation).toMatchObject({ synthesized: 0, validated: 0, instances: 0 });
    expect(await state()).toEqual(before);
    expect(result.instances).toBe(before.instances);
  }, 200_000);

  it("eval: gold predictions resolve every exported instance; empty, unchanged and non-applying ones none", async () => {
    const instancesPath = join(home, "runs", "two-seeds", "instances.jsonl");
    const exported = readFileSync(instancesPath, "utf8").trim().split("\n").length;
    const evalArgs = (predictions: string, out: string) => [
      "eval",
      "--instances",
      instancesPath,
      "--predictions",
      predictions,
      "--out",
      join(home, out),
      "--sandbox",
      "bwrap",
      "--db",
      scratch.url,
      "--home",
      home,
      "--json",
    ];
    const gold = await runCli(evalArgs("gold", "eval-gold"), { env, timeoutMs: 300_000 });
    expect(gold.stderr).toBe("");
    expect(gold.code).toBe(0);
    const goldSummary = JSON.parse(gold.stdout) as EvalJson;
    expect(goldSummary).toMatchObject({
      total_instances: exported,
      submitted_instances: exported,
      resolved_instances: exported,
      unresolved_instances: 0,
      error_instances: 0,
    });
    const reports = readdirSync(join(home, "eval-gold")).filter((d) => d !== "summary.json");
    expect(reports).toHaveLength(exported);
    const first = reports[0] as string;
    const report = JSON.parse(readFileSync(join(home, "eval-gold", first, "report.json"), "utf8")) as Record<
      string,
      {
        resolved: boolean;
        patch_successfully_applied: boolean;
        tests_status: { FAIL_TO_PASS: { failure: string[] } };
      }
    >;
    expect(report[first]).toMatchObject({ resolved: true, patch_successfully_applied: true });
    expect(report[first]?.tests_status.FAIL_TO_PASS.failure).toEqual([]);

    // mini-swe-agent's preds.json form: a patch that changes nothing the tests see (applies,
    // the F2P tests still fail), the bug patch again (does not apply), the rest empty.
    const rows = readFileSync(instancesPath, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { instance_id: string; bug_patch: string; FAIL_TO_PASS: string });
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const [noop, again, ...rest] = rows as [(typeof rows)[0], (typeof rows)[0], ...typeof rows];
    const notes =
      "diff --git a/NOTES.txt b/NOTES.txt\nnew file mode 100644\n--- /dev/null\n+++ b/NOTES.txt\n@@ -0,0 +1 @@\n+hello\n";
    const preds = Object.fromEntries([
      [noop.instance_id, { instance_id: noop.instance_id, model_name_or_path: "m", model_patch: notes }],
      [
        again.instance_id,
        { instance_id: again.instance_id, model_name_or_path: "m", model_patch: again.bug_patch },
      ],
      ...rest.map((r) => [
        r.instance_id,
        { instance_id: r.instance_id, model_name_or_path: "m", model_patch: "" },
      ]),
    ]);
    const predsFile = join(home, "preds.json");
    writeFileSync(predsFile, JSON.stringify(preds));
    const none = await runCli(evalArgs(predsFile, "eval-none"), { env, timeoutMs: 200_000 });
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout) as EvalJson).toMatchObject({
      resolved_instances: 0,
      unresolved_instances: 2,
      empty_patch_instances: rest.length,
      error_instances: 0,
    });
    type Report = Record<
      string,
      {
        resolved: boolean;
        patch_exists: boolean;
        patch_successfully_applied: boolean;
        tests_status?: { FAIL_TO_PASS: { success: string[]; failure: string[] } };
      }
    >;
    const reportOf = (id: string) =>
      (JSON.parse(readFileSync(join(home, "eval-none", id, "report.json"), "utf8")) as Report)[id];
    expect(reportOf(noop.instance_id)).toMatchObject({ resolved: false, patch_successfully_applied: true });
    expect(reportOf(noop.instance_id)?.tests_status?.FAIL_TO_PASS).toEqual({
      success: [],
      failure: JSON.parse(noop.FAIL_TO_PASS),
    });
    expect(reportOf(again.instance_id)).toMatchObject({
      resolved: false,
      patch_exists: true,
      patch_successfully_applied: false,
    });
    for (const r of rest)
      expect(reportOf(r.instance_id)).toMatchObject({ resolved: false, patch_exists: false });
  }, 400_000);

  it("synthesized again: each snapshot indexed once, nothing embedded twice; --no-retrieval indexes nothing", async () => {
    const again = ["--redo", "synthesize", "--strategies", "transplant", "--max-candidates-per-seed", "1"];
    const vectors = await count("select count(*) as n from embeddings");
    const ranked = await runCli([...args(), ...again], { env, timeoutMs: 300_000 });
    expect(ranked.stderr).toBe("");
    expect(ranked.code).toBe(0);
    const withRetrieval = (JSON.parse(ranked.stdout) as RunJson).summary.retrieval;
    expect(withRetrieval).toMatchObject({
      enabled: true,
      indexed: { snapshots: SEEDS.length, embedded: 0, parked: 0 },
      transplantRanking: Object.fromEntries(SEEDS.map((id) => [id, "retrieval"])),
    });
    expect(withRetrieval.indexed.reused).toBeGreaterThan(0);
    expect(withRetrieval.fallbacks).toEqual({});
    expect(await count("select count(*) as n from embeddings")).toBe(vectors);

    const indexedAt = async () =>
      (await client.query("select snapshot_id, indexed_at from retrieval_snapshots order by snapshot_id"))
        .rows;
    const before = await indexedAt();
    const off = await runCli([...args(), ...again, "--no-retrieval"], { env, timeoutMs: 300_000 });
    expect(off.stderr).toBe("");
    expect(off.code).toBe(0);
    expect((JSON.parse(off.stdout) as RunJson).summary.retrieval).toEqual({
      enabled: false,
      indexed: { snapshots: 0, units: 0, embedded: 0, reused: 0, parked: 0 },
      fallbacks: {},
      transplantRanking: Object.fromEntries(SEEDS.map((id) => [id, "identifier overlap"])),
    });
    expect(await indexedAt()).toEqual(before);
    expect(await count("select count(*) as n from embeddings")).toBe(vectors);
  }, 600_000);
});
