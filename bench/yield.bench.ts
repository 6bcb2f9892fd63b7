// bench:yield — how many synthesized candidates are valid bugs, per strategy and mutator, with
// and without coverage targeting, on the fixture repositories, in one run:
//   - test/fixtures/bench-repo (textkit, 743 tests): procedural mutators at HEAD;
//   - examples/tinyledger (7 seeds, 88 tests): seed-pattern transplants of each seed's trace
//     and procedural mutators at each seed's snapshot.
// Every candidate is validated in the sandbox (coverage-selected tests). Prints made /
// validated / valid % and seconds per valid instance (synthesis + validation time).
//   pnpm bench:yield [--sandbox docker|bwrap|auto] [--max 40] [--per-seed 6] [--seed 1]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "@tracegen/db";
import { ensureMirror } from "@tracegen/git";
import { createIngestCore, ingestSnapshot } from "@tracegen/ingest";
import { silentLogger } from "@tracegen/log";
import { openSandbox, type SandboxKind } from "@tracegen/sandbox";
import { type CandidateRow, createSynthesisCore, type StrategyName } from "@tracegen/synthesis";
import { createValidationCore, type VerdictRecord } from "@tracegen/validation";

const { values } = parseArgs({
  options: {
    sandbox: { type: "string", default: "auto" },
    max: { type: "string", default: "40" },
    "per-seed": { type: "string", default: "6" },
    seed: { type: "string", default: "1" },
  },
});
const MAX = Number(values.max);
const PER_SEED = Number(values["per-seed"]);
const RANDOM_SEED = Number(values.seed);
const textkit = resolve("test/fixtures/bench-repo");
const tinyledger = resolve("examples/tinyledger");
const logger = silentLogger();
const sandbox = await openSandbox(values.sandbox as SandboxKind);

interface Outcome {
  repo: string;
  targeting: boolean;
  strategy: string;
  mutator: string;
  verdict: VerdictRecord;
  seconds: number;
}
const outcomes: Outcome[] = [];
const setup: string[] = [];
const targetCounts = new Map<string, number>();

/** One fresh database per (repo, targeting) so the two modes never share a candidate. */
async function inFreshDb(
  label: string,
  body: (ctx: {
    db: Awaited<ReturnType<typeof openDatabase>>["db"];
    work: string;
    validation: ReturnType<typeof createValidationCore>;
  }) => Promise<void>,
) {
  const work = mkdtempSync(join(tmpdir(), `tg-bench-yield-${label}-`));
  const database = await openDatabase({ kind: "pglite", dir: join(work, "db") });
  try {
    const validation = createValidationCore({
      db: database.db,
      sandbox,
      workDir: join(work, "validation"),
      logger,
    });
    await body({ db: database.db, work, validation });
  } finally {
    await database.close();
    rmSync(work, { recursive: true, force: true });
  }
}

async function synthesizeAndValidate(
  db: Parameters<typeof createSynthesisCore>[0]["db"],
  validation: ReturnType<typeof createValidationCore>,
  repo: string,
  targeting: boolean,
  request: {
    seedId?: string;
    snapshotId?: string;
    strategies: StrategyName[];
    max: number;
    randomSeed: number;
  },
) {
  const synthesis = createSynthesisCore({
    db,
    logger,
    ensureCoverage: async (id) => void (await validation.buildEnvironment(id)),
  });
  const made: { row: CandidateRow; seconds: number }[] = [];
  let last = performance.now();
  const summary = await synthesis.synthesize(
    {
      ...(request.seedId ? { seedId: request.seedId } : { snapshotId: request.snapshotId as string }),
      strategies: request.strategies,
      maxCandidates: request.max,
      randomSeed: request.randomSeed,
      targeting,
    },
    (row) => {
      const now = performance.now();
      made.push({ row, seconds: (now - last) / 1000 });
      last = now;
    },
  );
  const key = `${repo} targeting=${targeting}`;
  targetCounts.set(key, (targetCounts.get(key) ?? 0) + summary.targets);
  for (const [i, { row, seconds }] of made.entries()) {
    const t = performance.now();
    const verdict = await validation.validate(row.snapshot_id, { patch: row.patch, candidateId: row.id });
    outcomes.push({
      repo,
      targeting,
      strategy: row.strategy,
      mutator: row.mutator,
      verdict,
      seconds: seconds + (performance.now() - t) / 1000,
    });
    process.stderr.write(
      `\r${repo} targeting=${targeting} ${request.seedId ?? ""} ${i + 1}/${made.length}   `,
    );
  }
  process.stderr.write("\n");
}

// The report: printed after each repository (a long run shows figures early) and at the end.
const pct = (a: number, b: number) => (b === 0 ? "-" : `${((a / b) * 100).toFixed(1)}%`);
const line = (cols: (string | number)[]) =>
  console.log(cols.map((c, i) => String(c).padEnd(i === 0 ? 34 : 11)).join(""));
const group = (key: (o: Outcome) => string, filter: (o: Outcome) => boolean) => {
  const groups = new Map<string, Outcome[]>();
  for (const o of outcomes.filter(filter)) groups.set(key(o), [...(groups.get(key(o)) ?? []), o]);
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
};
const row = (label: string, list: Outcome[]) => {
  const valid = list.filter((o) => o.verdict.kind === "valid").length;
  const seconds = list.reduce((s, o) => s + o.seconds, 0);
  line([
    label,
    list.length,
    list.length,
    valid,
    pct(valid, list.length),
    valid ? (seconds / valid).toFixed(2) : "-",
  ]);
};
function report(): void {
  console.log(`sandbox ${sandbox.kind}; random seed ${RANDOM_SEED}; ${setup.join("; ")}`);
  for (const targeting of [true, false]) {
    if (!outcomes.some((o) => o.targeting === targeting)) continue;
    console.log(`\n== coverage targeting ${targeting ? "ON" : "OFF"} ==`);
    console.log(
      `target units: ${[...targetCounts]
        .filter(([k]) => k.endsWith(`=${targeting}`))
        .map(([k, n]) => `${k.split(" ")[0]} ${n}`)
        .join(", ")} (tinyledger: summed over its 7 snapshots)`,
    );
    line(["strategy / mutator", "made", "validated", "valid", "valid %", "s/valid"]);
    for (const [key, list] of group(
      (o) => `${o.repo} ${o.strategy}`,
      (o) => o.targeting === targeting,
    ))
      row(key, list);
    for (const [key, list] of group(
      (o) => `  ${o.strategy}/${o.mutator}`,
      (o) => o.targeting === targeting,
    ))
      row(key, list);
    row(
      "procedural + transplant",
      outcomes.filter((o) => o.targeting === targeting && o.strategy !== "combine"),
    );
    const reasons = group(
      (o) => `${o.verdict.kind}${o.verdict.reason ? `/${o.verdict.reason}` : ""}`,
      (o) => o.targeting === targeting,
    );
    console.log(`verdicts: ${reasons.map(([k, l]) => `${k} ${l.length}`).join(", ")}`);
  }
}

try {
  for (const targeting of [true, false]) {
    await inFreshDb(`textkit-${targeting}`, async ({ db, work, validation }) => {
      const meta = JSON.parse(readFileSync(join(textkit, "repo.json"), "utf8")) as {
        repo: string;
        commit: string;
      };
      const mirror = await ensureMirror({
        repo: meta.repo,
        source: join(textkit, "repo.bundle"),
        mirrorsDir: join(work, "mirrors"),
      });
      await db
        .insertInto("repos")
        .values({ name: meta.repo, source: textkit, mirror_path: mirror.path })
        .execute();
      const snapshot = await ingestSnapshot(db, mirror, meta.commit);
      const t = performance.now();
      await validation.buildEnvironment(snapshot.id);
      setup.push(
        `textkit environment (baseline x2 + coverage map): ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
      await synthesizeAndValidate(db, validation, "textkit", targeting, {
        snapshotId: snapshot.id,
        strategies: ["procedural"],
        max: MAX,
        randomSeed: RANDOM_SEED,
      });
    });
    if (targeting) report();
    await inFreshDb(`tinyledger-${targeting}`, async ({ db, work, validation }) => {
      const ingest = createIngestCore({ db, mirrorsDir: join(work, "mirrors"), logger });
      const imported = await ingest.importSeeds({
        content: readFileSync(join(tinyledger, "seeds.jsonl"), "utf8"),
        repos: [{ repo: "tinyledger/tinyledger", source: join(tinyledger, "repo.bundle") }],
      });
      // Each seed its own random stream: the seven snapshots share most code, and one seed
      // for all would pick the same (unit, mutator) seven times.
      for (const [i, row] of imported.rows.entries()) {
        await synthesizeAndValidate(db, validation, "tinyledger", targeting, {
          seedId: row.instanceId,
          strategies: ["transplant", "procedural"],
          max: PER_SEED,
          randomSeed: RANDOM_SEED * 1000 + i,
        });
      }
    });
    if (targeting) report();
  }
} finally {
  await sandbox.close();
}

report();
console.log(
  "\ntarget: >= 70% of procedural and transplant candidates valid with targeting (SWE-smith reports 40.2% for procedural)",
);
