import {
  type CandidateRow,
  createSynthesisCore,
  type StrategyName,
  SynthesisError,
} from "@tracegen/synthesis";
import type { VerdictRecord } from "@tracegen/validation";
import { CliError, ExitCode } from "../exit-codes.js";
import type { Output } from "../output.js";
import type { Progress } from "../progress.js";
import type { Runtime } from "../runtime.js";
import { lazyRetrievalCore, retrievalPorts } from "./retrieval-ports.js";
import { type SandboxFlags, withValidationCore } from "./validation.js";

/** Flags of `tracegen synth`. */
export interface SynthFlags extends SandboxFlags {
  seed?: string;
  snapshot?: string;
  strategy: string;
  max: number;
  randomSeed: number;
  perUnit: number;
  mutators?: string;
  targeting: boolean;
  validate?: boolean;
}

const STRATEGIES: readonly StrategyName[] = ["transplant", "procedural", "combine"];

/** `tracegen synth (--seed ID | --snapshot ID) [--strategy ...] [--max N] [--validate]` */
export async function synth(
  runtime: Runtime,
  output: Output,
  progress: Progress,
  flags: SynthFlags,
): Promise<ExitCode> {
  if (!flags.seed === !flags.snapshot)
    throw new CliError("give exactly one of --seed ID and --snapshot ID", ExitCode.BadInput);
  const strategies = flags.strategy
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of strategies) {
    if (!STRATEGIES.includes(s as StrategyName))
      throw new CliError(
        `--strategy: unknown strategy "${s}" (known: ${STRATEGIES.join(", ")})`,
        ExitCode.BadInput,
      );
  }
  return withValidationCore(runtime, flags, async (validation, profile) => {
    const core = createSynthesisCore({
      db: runtime.database.db,
      bus: runtime.bus,
      logger: runtime.logger,
      // Targeting needs the snapshot's coverage map: building the environment makes it.
      ensureCoverage: async (snapshotId) => {
        await validation.buildEnvironment(snapshotId, profile);
      },
      // Transplants try retrieval's seed candidates first when the snapshot is indexed.
      neighbours: retrievalPorts(lazyRetrievalCore(runtime), runtime).neighbours,
    });
    const made: CandidateRow[] = [];
    const verdicts = new Map<string, VerdictRecord>();
    let summary: Awaited<ReturnType<typeof core.synthesize>>;
    try {
      summary = await core.synthesize(
        {
          ...(flags.seed ? { seedId: flags.seed } : { snapshotId: flags.snapshot as string }),
          strategies: strategies as StrategyName[],
          maxCandidates: flags.max,
          randomSeed: flags.randomSeed,
          perUnit: flags.perUnit,
          targeting: flags.targeting,
          ...(flags.mutators ? { mutators: flags.mutators.split(",").map((m) => m.trim()) as never } : {}),
        },
        (row) => {
          made.push(row);
          progress.update("synthesize", made.length, flags.max, row.mutator);
        },
      );
    } catch (error) {
      if (error instanceof SynthesisError)
        throw new CliError(
          error.message,
          error.code === "INVALID_ARGUMENT" ? ExitCode.BadInput : ExitCode.Failure,
        );
      throw error;
    }
    if (flags.validate) {
      for (const [i, row] of made.entries()) {
        verdicts.set(
          row.id,
          await validation.validate(row.snapshot_id, { patch: row.patch, candidateId: row.id }, profile),
        );
        progress.update("validate", i + 1, made.length, row.id);
      }
    }
    progress.stop();
    const rows = made.map((row) => ({
      id: row.id,
      strategy: row.strategy,
      mutator: row.mutator,
      target: `${row.target_path}:${row.target_unit}`,
      ...(row.seed_id ? { seed: row.seed_id } : {}),
      ...(verdicts.has(row.id) ? { verdict: verdictText(verdicts.get(row.id) as VerdictRecord) } : {}),
    }));
    const valid = [...verdicts.values()].filter((v) => v.kind === "valid").length;
    output.result({ ...summary, candidates: rows, ...(flags.validate ? { valid } : {}) }, () =>
      [
        ...rows.map(
          (r) => `${r.id}  ${r.strategy}/${r.mutator}  ${r.target}${r.verdict ? `  ${r.verdict}` : ""}`,
        ),
        `${summary.made} candidates on ${summary.snapshotId} (${summary.duplicates} duplicates dropped, ${summary.targets} target units, targeting: ${summary.targeting}` +
          `${summary.transplantRanking ? `, transplants ranked by ${summary.transplantRanking}` : ""})` +
          (flags.validate ? `; ${valid} valid` : ""),
      ].join("\n"),
    );
    return ExitCode.Ok;
  });
}

function verdictText(v: VerdictRecord): string {
  return v.reason ? `${v.kind} (${v.reason})` : v.kind;
}
