import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseRepoFlag } from "@tracegen/ingest";
import {
  checkSharedDatabase,
  distributedServices,
  type PipelineDeps,
  PipelineError,
  parseRedoStages,
  type RunResult,
  runIdOf,
  runPipeline,
} from "@tracegen/pipeline";
import { SeedsFormat } from "@tracegen/proto";
import { openSandbox, type SandboxKind } from "@tracegen/sandbox";
import type { StrategyName } from "@tracegen/synthesis";
import { CliError, ExitCode } from "../exit-codes.js";
import type { Output } from "../output.js";
import type { Progress } from "../progress.js";
import type { Runtime } from "../runtime.js";
import { retrievalCore, retrievalPorts } from "./retrieval-ports.js";
import { statementWriterFromEnv } from "./statement-writer.js";
import { readProfile } from "./validation.js";

/** Flags of `tracegen run`. */
export interface RunFlags {
  seeds: string;
  repo: string[];
  profile?: string;
  strategies: string;
  maxCandidatesPerSeed: number;
  randomSeed: number;
  out?: string;
  sandbox: string;
  redo: string[];
  /** Drive the `tracegen serve` processes instead of running the stages in this process. */
  distributed?: boolean;
  ingestAddr: string;
  validationAddr: string;
  synthesisAddr: string;
  retrievalAddr: string;
  /** False with --no-retrieval: no indexing, transplants ranked by identifier overlap. */
  retrieval: boolean;
  /** Distributed: seconds without a new verdict before the rest is left for the next run. */
  waitTimeout: number;
  /** The global --home, for the default output directory. */
  home: string;
}

const STRATEGIES: readonly StrategyName[] = ["transplant", "procedural", "combine"];

/** `tracegen run --seeds FILE --repo owner/name=SOURCE ...`: the main job, resumable. */
export async function run(
  runtime: Runtime,
  output: Output,
  progress: Progress,
  flags: RunFlags,
): Promise<ExitCode> {
  const strategies = flags.strategies
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of strategies)
    if (!STRATEGIES.includes(s as StrategyName))
      throw new CliError(
        `--strategies: unknown strategy "${s}" (known: ${STRATEGIES.join(", ")})`,
        ExitCode.BadInput,
      );
  const redo = await badInput(() => parseRedoStages(flags.redo));
  const repos = flags.repo.map((r) => parseRepoFlag(r, process.cwd()));
  const profile = flags.profile ? await readProfile(flags.profile) : undefined;
  const content = await readFile(flags.seeds, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      `cannot read seeds file ${flags.seeds}: ${error.code ?? error.message}`,
      ExitCode.BadInput,
    );
  });
  const statementWriter = statementWriterFromEnv(process.env, runtime.logger);
  const outDir = resolve(flags.out ?? join(flags.home, "runs", runIdOf(flags.seeds)));
  const common = {
    db: runtime.database.db,
    logger: runtime.logger,
    bus: runtime.bus,
    progress,
    ...(statementWriter ? { statementWriter } : {}),
  };
  let deps: PipelineDeps;
  let close: () => Promise<void>;
  if (flags.distributed) {
    await badInput(() => checkSharedDatabase(runtime.config.db));
    if (!runtime.config.natsUrl)
      throw new CliError(
        "--distributed hands candidates to the validation workers on NATS: give --nats nats://... or TRACEGEN_NATS_URL",
        ExitCode.BadInput,
      );
    const services = distributedServices({
      db: runtime.database.db,
      bus: runtime.bus,
      logger: runtime.logger,
      addresses: {
        ingest: flags.ingestAddr,
        validation: flags.validationAddr,
        synthesis: flags.synthesisAddr,
        ...(flags.retrieval ? { retrieval: flags.retrievalAddr } : {}),
      },
      waitTimeoutMs: flags.waitTimeout * 1000,
    });
    deps = { ...common, services };
    close = () => services.close();
  } else {
    // Made before anything runs, so a bad TRACEGEN_EMBEDDER setting is bad input, not a fallback.
    const core = flags.retrieval ? retrievalCore(runtime) : undefined;
    const sandbox = await openSandbox(flags.sandbox as SandboxKind, { logger: runtime.logger });
    deps = {
      ...common,
      sandbox,
      workDir: join(runtime.config.mirrorsDir, "..", "validation"),
      mirrorsDir: runtime.config.mirrorsDir,
      ...(core ? { retrieval: retrievalPorts(() => core, runtime) } : {}),
    };
    close = () => sandbox.close();
  }
  let result: RunResult;
  try {
    result = await badInput(() =>
      runPipeline(deps, {
        seeds: { content, name: flags.seeds, format: formatOf(flags.seeds) },
        repos,
        ...(profile ? { profile } : {}),
        strategies: strategies as StrategyName[],
        maxCandidatesPerSeed: flags.maxCandidatesPerSeed,
        randomSeed: flags.randomSeed,
        outDir,
        redo,
      }),
    );
  } finally {
    await close();
  }
  const figures = figuresOf(result);
  output.result(
    {
      ...figures,
      paths: result.paths,
      invocation: result.invocation,
      transients: result.transients,
      summary: result.summary,
    },
    () => textOf(result, figures),
  );
  const incomplete =
    result.import.invalid + result.import.conflicts + result.import.unusable > 0 ||
    result.summary.counts.usable < result.summary.counts.seeds ||
    Object.keys(result.transients).length > 0;
  return incomplete ? ExitCode.Partial : ExitCode.Ok;
}

/** The headline figures of a run (times summed over its invocations). */
function figuresOf(result: RunResult) {
  const c = result.summary.counts;
  const validateSeconds = result.summary.stageSeconds.validate ?? 0;
  return {
    seeds: c.seeds,
    usable: c.usable,
    candidates: c.candidates,
    validated: c.validated,
    valid: c.valid,
    instances: c.instances,
    wallSeconds: result.summary.wallSeconds,
    validateSeconds,
    candidatesPerMinute:
      c.validated > 0 && validateSeconds > 0 ? Math.round((c.validated / validateSeconds) * 600) / 10 : null,
  };
}

function textOf(result: RunResult, f: ReturnType<typeof figuresOf>): string {
  const lines = [
    `seeds: ${f.seeds} (${f.usable} usable)`,
    `candidates: ${f.candidates} (${f.validated} validated, ${f.valid} valid)`,
    `valid instances: ${f.instances}`,
    `wall time: ${f.wallSeconds.toFixed(1)} s (this invocation: ${result.invocation.seconds.toFixed(1)} s)`,
    `candidates validated per minute: ${f.candidatesPerMinute ?? "-"} (${f.validated} in ${f.validateSeconds.toFixed(1)} s of validation)`,
  ];
  const retrieval = retrievalText(result);
  if (retrieval) lines.push(retrieval);
  const pending = Object.entries(result.transients);
  if (pending.length > 0)
    lines.push(
      `left for the next run: ${pending.map(([k, n]) => `${n} ${k}`).join(", ")} (run the same command again)`,
    );
  lines.push(
    `instances: ${result.paths.instancesPath}`,
    `summary:   ${result.paths.summaryPath}`,
    `report:    ${result.paths.reportPath}`,
  );
  return lines.join("\n");
}

/** What indexing for retrieval did in this invocation, and how the seeds' transplants were ranked. */
function retrievalText(result: RunResult): string | undefined {
  const r = result.summary.retrieval;
  if (!r) return undefined;
  const i = r.indexed;
  const head = r.enabled
    ? `retrieval: ${i.snapshots} snapshots indexed (content hashes: ${i.embedded} embedded, ${i.reused} reused${i.parked ? `, ${i.parked} parked` : ""})`
    : "retrieval: off (--no-retrieval)";
  const bySeed = Object.values(r.transplantRanking);
  const ranked = (["retrieval", "identifier overlap", "mixed"] as const)
    .map((kind) => [kind, bySeed.filter((k) => k === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind} for ${n} ${n === 1 ? "seed" : "seeds"}`);
  return [
    ranked.length ? `${head}; transplants ranked by ${ranked.join(", ")}` : head,
    ...Object.entries(r.fallbacks).map(([seed, why]) => `  ${seed}: identifier overlap, ${why}`),
  ].join("\n");
}

function formatOf(file: string): SeedsFormat {
  if (file.endsWith(".jsonl")) return SeedsFormat.JSONL;
  if (file.endsWith(".json")) return SeedsFormat.JSON;
  return SeedsFormat.UNSPECIFIED;
}

/** Pipeline input errors as exit code 2. */
async function badInput<T>(body: () => T | Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof PipelineError) throw new CliError(error.message, ExitCode.BadInput);
    throw error;
  }
}
