/**
 * Test support: a run as the exporter receives it. Instances come from the tinyledger
 * example's seeds, each seed's fix reversed into a bug patch (so the diffs are real); the
 * summary's figures are of a plausible run over those seeds.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { InstanceRecord } from "./instance-record.js";
import { reversePatch } from "./reverse-patch.js";
import type { RunSummary } from "./run-summary.js";

const SEEDS = resolve(dirname(fileURLToPath(import.meta.url)), "../../../examples/tinyledger/seeds.jsonl");

interface SeedRow {
  instance_id: string;
  repo: string;
  base_commit: string;
  patch: string;
  test_patch: string;
  problem_statement: string;
  FAIL_TO_PASS: string;
  PASS_TO_PASS: string;
}

/** A statement that tries to run a script and load an image, to prove the report escapes it. */
export const HOSTILE_STATEMENT =
  'Amounts like <b>1,000</b> break.\n<script>document.title = "owned"</script><img src="http://127.0.0.1:9/x.png">';

/** Instances built from the tinyledger seeds; the second has {@link HOSTILE_STATEMENT}. */
export function sampleInstances(): InstanceRecord[] {
  const seeds = readFileSync(SEEDS, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as SeedRow);
  const strategies = [
    "procedural",
    "procedural",
    "llm-rewrite",
    "procedural",
    "llm-modify",
    "procedural",
    "procedural",
  ];
  const mutators = [
    "flip-comparison",
    "swap-operands",
    "llm:rewrite",
    "off-by-one",
    "llm:modify",
    "off-by-one",
    "remove-guard",
  ];
  return seeds.map((seed, i) => {
    const file = /^\+\+\+ b\/(.+)$/m.exec(seed.patch)?.[1] ?? "src/unknown.py";
    return {
      instanceId: `${seed.instance_id}.syn${i + 1}`,
      repo: seed.repo,
      baseCommit: seed.base_commit,
      bugPatch: reversePatch(seed.patch),
      testPatch: seed.test_patch,
      problemStatement: i === 1 ? HOSTILE_STATEMENT : seed.problem_statement,
      failToPass: JSON.parse(seed.FAIL_TO_PASS) as string[],
      passToPass: JSON.parse(seed.PASS_TO_PASS) as string[],
      createdAt: `2025-01-0${(i % 9) + 1}T10:00:00Z`,
      version: "0.1",
      imageName: `tracegen/tinyledger:${seed.base_commit.slice(0, 12)}`,
      strategy: strategies[i % strategies.length] as string,
      mutator: mutators[i % mutators.length] as string,
      seedId: seed.instance_id,
      traceId: `trace-${i + 1}`,
      candidateId: `cand-${1000 + i}`,
      targetPath: file,
      targetUnit: `unit_${i + 1}`,
    };
  });
}

/** A summary of a plausible run over the tinyledger seeds. */
export function sampleSummary(): RunSummary {
  return {
    schemaVersion: 1,
    runId: "run-2025-01-09-tinyledger",
    repos: ["tinyledger/tinyledger"],
    startedAt: "2025-01-09T10:00:00Z",
    finishedAt: "2025-01-09T10:41:00Z",
    wallSeconds: 2460,
    counts: { seeds: 7, usable: 6, traced: 6, candidates: 312, validated: 298, valid: 141, instances: 128 },
    perStrategy: {
      procedural: { made: 240, validated: 232, valid: 118 },
      "llm-rewrite": { made: 52, validated: 47, valid: 19 },
      "llm-modify": { made: 20, validated: 19, valid: 4 },
    },
    perMutator: {
      "flip-comparison": { made: 64, validated: 62, valid: 41 },
      "off-by-one": { made: 58, validated: 57, valid: 30 },
      "swap-operands": { made: 49, validated: 47, valid: 19 },
      "remove-guard": { made: 41, validated: 40, valid: 22 },
      "change-constant": { made: 28, validated: 26, valid: 6 },
      "llm:rewrite": { made: 52, validated: 47, valid: 19 },
      "llm:modify": { made: 20, validated: 19, valid: 4 },
    },
    failureReasons: {
      no_f2p: 97,
      p2p_broken: 31,
      duplicate_behaviour: 13,
      does_not_apply: 9,
      timeout: 6,
      sandbox_crash: 1,
      seed_gold_check_failed: 1,
    },
    stageSeconds: {
      ingest: 12.4,
      gold_check: 48.2,
      trace: 95.1,
      synthesis: 140.6,
      validation: 1830.2,
      statement: 20.3,
      export: 1.2,
    },
    cost: { llmUsd: 0.8342, tokens: { prompt: 412_000, completion: 61_500 } },
    statements: { template: 100, llm: 28 },
  };
}
