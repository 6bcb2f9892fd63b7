// bench:validate — the same candidates validated two ways in one run: with the tests that the
// coverage map selects, and with the full suite (SWE-smith's way), interleaved candidate by
// candidate. Prints candidates/minute both ways, the ratio, and how often the verdicts agree.
//   pnpm bench:validate [--sandbox docker|bwrap|auto] [--limit N]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "@tracegen/db";
import { ensureMirror } from "@tracegen/git";
import { ingestSnapshot } from "@tracegen/ingest";
import { silentLogger } from "@tracegen/log";
import { openSandbox, type SandboxKind } from "@tracegen/sandbox";
import { createValidationCore, type VerdictRecord } from "@tracegen/validation";

const { values } = parseArgs({
  options: {
    sandbox: { type: "string", default: "auto" },
    limit: { type: "string", default: "1000" },
    fixture: { type: "string", default: "test/fixtures/bench-repo" },
  },
});
const fixture = resolve(values.fixture);
const meta = JSON.parse(readFileSync(join(fixture, "repo.json"), "utf8")) as {
  repo: string;
  commit: string;
  tests: number;
};
const candidates = readFileSync(join(fixture, "candidates.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as { id: string; patch: string; kind: string })
  .slice(0, Number(values.limit));

// Other work on the machine shares its cores: the load average goes with every figure.
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");
const loadAtStart = load();
const work = mkdtempSync(join(tmpdir(), "tg-bench-validate-"));
const database = await openDatabase({ kind: "pglite", dir: join(work, "db") });
const sandbox = await openSandbox(values.sandbox as SandboxKind);
try {
  const mirror = await ensureMirror({
    repo: meta.repo,
    source: join(fixture, "repo.bundle"),
    mirrorsDir: join(work, "mirrors"),
  });
  await database.db
    .insertInto("repos")
    .values({ name: meta.repo, source: fixture, mirror_path: mirror.path })
    .execute();
  const snapshot = await ingestSnapshot(database.db, mirror, meta.commit);
  const core = createValidationCore({
    db: database.db,
    sandbox,
    workDir: join(work, "validation"),
    logger: silentLogger(),
  });

  const t = performance.now();
  const ready = await core.buildEnvironment(snapshot.id);
  const setupS = (performance.now() - t) / 1000;
  process.stderr.write(
    `environment ready in ${setupS.toFixed(1)} s (${ready.baseline.results.size} tests, coverage map: ${ready.coverage})\n`,
  );

  // Interleaved (each candidate full, then coverage-selected), each call timed on its own: the
  // machine's load drifts (other work shares its cores), and both ways see the same drift.
  const modes = ["full", "coverage"] as const;
  const results = {
    full: { verdicts: new Map<string, VerdictRecord>(), seconds: 0 },
    coverage: { verdicts: new Map<string, VerdictRecord>(), seconds: 0 },
  };
  for (const [i, c] of candidates.entries()) {
    for (const mode of modes) {
      const start = performance.now();
      const verdict = await core.validate(snapshot.id, {
        patch: c.patch,
        candidateId: `${mode}-${c.id}`,
        selection: mode,
      });
      results[mode].seconds += (performance.now() - start) / 1000;
      results[mode].verdicts.set(c.id, verdict);
    }
    process.stderr.write(`\r${i + 1}/${candidates.length}`);
  }
  process.stderr.write("\n");
  const full = results.full;
  const covered = results.coverage;

  let sameKind = 0;
  let sameF2p = 0;
  const disagreements: string[] = [];
  for (const c of candidates) {
    const a = covered.verdicts.get(c.id);
    const b = full.verdicts.get(c.id);
    if (a && b && a.kind === b.kind && a.reason === b.reason) sameKind++;
    else
      disagreements.push(
        `${c.id} (${c.kind}): coverage ${a?.kind}/${a?.reason ?? "-"} vs full ${b?.kind}/${b?.reason ?? "-"}`,
      );
    if (a && b && a.failToPass.join() === b.failToPass.join()) sameF2p++;
  }
  const count = (m: Map<string, VerdictRecord>, kind: string) =>
    [...m.values()].filter((v) => v.kind === kind).length;
  const perMin = (s: number) => (candidates.length / s) * 60;
  const testsRun = (m: Map<string, VerdictRecord>) => [...m.values()].reduce((n, v) => n + v.testsRun, 0);
  const rows: [string, string][] = [
    [
      "fixture",
      `${meta.repo}@${meta.commit.slice(0, 12)}: ${meta.tests} tests; ${candidates.length} candidates; sandbox ${sandbox.kind}`,
    ],
    ["machine load (1/5/15 min)", `${loadAtStart} at start, ${load()} at end`],
    [
      "environment (baseline x2 + coverage)",
      `${setupS.toFixed(1)} s, once per snapshot${ready.env.treeImage ? `; image ${ready.env.image}` : ""}`,
    ],
    [
      "full suite",
      `${full.seconds.toFixed(1)} s, ${perMin(full.seconds).toFixed(1)} candidates/min, ${testsRun(full.verdicts)} tests run, valid ${count(full.verdicts, "valid")}`,
    ],
    [
      "coverage-selected",
      `${covered.seconds.toFixed(1)} s, ${perMin(covered.seconds).toFixed(1)} candidates/min, ${testsRun(covered.verdicts)} tests run, valid ${count(covered.verdicts, "valid")}`,
    ],
    [
      "per candidate",
      `full ${((full.seconds / candidates.length) * 1000).toFixed(0)} ms, coverage-selected ${((covered.seconds / candidates.length) * 1000).toFixed(0)} ms`,
    ],
    ["speed-up", `${(full.seconds / covered.seconds).toFixed(2)}x  (target >= 5x)`],
    [
      "verdicts agree (kind + reason)",
      `${sameKind}/${candidates.length} = ${((sameKind / candidates.length) * 100).toFixed(1)}%  (target >= 99%)`,
    ],
    ["same F2P tests", `${sameF2p}/${candidates.length}`],
  ];
  for (const [k, v] of rows) console.log(`${k.padEnd(38)} ${v}`);
  for (const d of disagreements) console.log(`  disagrees: ${d}`);
  // The next run builds its image afresh, so its setup time is honest too.
  if (ready.env.treeImage) await sandbox.images?.remove(ready.env.image);
} finally {
  await sandbox.close();
  await database.close();
  rmSync(work, { recursive: true, force: true });
}
