import { basename, extname, resolve } from "node:path";
import type { Bus } from "@tracegen/bus";
import type { Schema } from "@tracegen/db";
import { type ExportPaths, type RunSummary, writeExports } from "@tracegen/export";
import type { RepoSourceInput } from "@tracegen/ingest";
import type { Logger } from "@tracegen/log";
import type { Sandbox } from "@tracegen/sandbox";
import { type EnvironmentProfile, storeProfile } from "@tracegen/validation";
import type { Kysely } from "kysely";
import { embeddedServices } from "./embedded-services.js";
import { loadInstanceRecords } from "./export-records.js";
import { PipelineError } from "./pipeline-error.js";
import { type Progress, silentProgress } from "./progress.js";
import { type RedoCounts, redoStages } from "./redo.js";
import { startRunClock } from "./run-clock.js";
import type { RunContext, StatementWriter, Transients } from "./run-context.js";
import type { RetrievalPorts } from "./run-retrieval.js";
import { snapshotsOf } from "./run-scope.js";
import type { RunServices } from "./run-services.js";
import { buildRunSummary } from "./run-summary.js";
import { checkStage } from "./stage-check.js";
import { ingestStage, type SeedsInput } from "./stage-ingest.js";
import { statementsStage } from "./stage-statements.js";
import { type SynthesisPlan, synthesizeStage } from "./stage-synthesize.js";
import { validateStage } from "./stage-validate.js";
import type { RedoStage, Stage } from "./stages.js";

/**
 * What a run needs: the database and either the services that do the stage work (distributed
 * mode: `distributedServices`) or what the cores need to run in this process (embedded mode: a
 * sandbox and where to keep files); the bus, progress and an LLM writer are optional.
 */
export type PipelineDeps = PipelineCommonDeps & (EmbeddedDeps | { services: RunServices });

interface PipelineCommonDeps {
  db: Kysely<Schema>;
  logger: Logger;
  bus?: Bus;
  progress?: Progress;
  /** Writes the problem statements (an LLM); without one the offline template does. */
  statementWriter?: StatementWriter;
}

interface EmbeddedDeps {
  sandbox: Sandbox;
  /** The validation core's directory: environments, scratch copies, the blob store of logs. */
  workDir: string;
  /** Where repository mirrors are kept. */
  mirrorsDir: string;
  /** Resolves relative repository sources. */
  cwd?: string;
  /** Retrieval in this process: transplants ranked by its seed candidates (else identifier overlap). */
  retrieval?: RetrievalPorts;
}

/** One run: a seeds document, its repositories, the synthesis budget and where the files go. */
export interface RunRequest extends SynthesisPlan {
  seeds: SeedsInput;
  repos: RepoSourceInput[];
  /** Stored for its repository (and version) before anything runs, as `seeds import --profile` does. */
  profile?: { parsed: EnvironmentProfile; text: string };
  outDir: string;
  /** Stages to run again deliberately. */
  redo?: readonly RedoStage[];
  /** Default: the seeds file's name without its extension. */
  runId?: string;
}

/** What a run did and where its files are. */
export interface RunResult {
  summary: RunSummary;
  paths: ExportPaths;
  /** What this invocation did (a resumed run does only what was left). */
  invocation: {
    synthesized: number;
    validated: number;
    validateSeconds: number;
    instances: number;
    redone: RedoCounts;
    /** Wall time of this invocation. */
    seconds: number;
  };
  /** Items left for the next run, by kind: failures that may be transient, parked statements. */
  transients: Transients;
  import: { invalid: number; conflicts: number; unusable: number };
}

/**
 * The main job: ingest → gold check → synthesis → validation (→ combine → validation) →
 * problem statements → export, for every usable seed of the document. Every stage reads its
 * state from the database and does only what is missing, so the same request run again
 * continues where an earlier run stopped and does nothing twice; `redo` removes a stage's rows
 * for the run's seeds first. Work that failed for a reason that may pass (a sandbox crash, an
 * LLM out of quota) is left undone and counted, and the next run does it.
 */
export async function runPipeline(deps: PipelineDeps, request: RunRequest): Promise<RunResult> {
  checkRequest(request);
  const progress = deps.progress ?? silentProgress;
  const services =
    "services" in deps
      ? deps.services
      : embeddedServices({
          db: deps.db,
          sandbox: deps.sandbox,
          workDir: deps.workDir,
          mirrorsDir: deps.mirrorsDir,
          logger: deps.logger,
          bus: deps.bus,
          cwd: deps.cwd,
          retrieval: deps.retrieval,
        });
  const ctx: RunContext = {
    db: deps.db,
    logger: deps.logger,
    bus: deps.bus,
    progress,
    services,
    statementWriter: deps.statementWriter,
  };
  const invokedAt = Date.now();
  const outDir = resolve(request.outDir);
  const runId = request.runId ?? runIdOf(request.seeds.name);
  const clock = await startRunClock(deps.db, outDir, runId);
  const tick = (stage: Stage | "combine") => (seconds: number) => clock.add(stage, seconds);
  const timed = async <T>(stage: Stage | "combine", body: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await body();
    } finally {
      const seconds = (Date.now() - started) / 1000;
      await clock.add(stage, seconds);
      // Distributed, workers validate while synthesis goes on: that time is validation time too,
      // so validated-per-minute is not inflated by work done before the validate stage began.
      if (services.overlapsValidation && (stage === "synthesize" || stage === "combine"))
        await clock.add("validate", seconds);
    }
  };
  const transients: Transients = {};
  try {
    const ingested = await timed("ingest", () => ingestStage(ctx, request.seeds, request.repos));
    if (request.profile) await storeProfile(deps.db, request.profile.parsed, request.profile.text);
    const redone = request.redo?.length ? await redoStages(deps.db, ingested.seeds, request.redo) : {};
    if (request.redo?.length) deps.logger.info({ redo: request.redo, removed: redone }, "stages redone");

    const usable = await timed("check", () => checkStage(ctx, ingested.seeds, transients));
    const snapshots = snapshotsOf(usable);
    let synthesized = await timed("synthesize", () =>
      synthesizeStage(ctx, usable, request, "first", transients),
    );
    // Validation records its time per candidate.
    const first = await validateStage(ctx, snapshots, transients, tick("validate"));
    let validated = first.validated;
    let validateSeconds = first.seconds;
    if (request.strategies.includes("combine")) {
      synthesized += await timed("combine", () =>
        synthesizeStage(ctx, usable, request, "combine", transients),
      );
      const second = await validateStage(ctx, snapshots, transients, tick("validate"));
      validated += second.validated;
      validateSeconds += second.seconds;
    }
    const instances = await timed("statements", () => statementsStage(ctx, usable, transients));

    const { summary, paths } = await timed("export", async () => {
      const records = await loadInstanceRecords(deps.db, ingested.seeds, snapshots);
      progress.update("export", 0, 1, `${records.length} instances`);
      const time = await clock.read();
      const summary = await buildRunSummary(deps.db, {
        runId,
        ...time,
        rows: ingested.rows,
        seeds: ingested.seeds,
        usable,
        transients,
        retrieval: services.retrievalUse(),
      });
      const paths = await writeExports(outDir, records, summary);
      progress.update("export", 1, 1, `${records.length} instances`);
      return { summary, paths };
    });
    return {
      summary,
      paths,
      invocation: {
        synthesized,
        validated,
        validateSeconds,
        instances,
        redone,
        seconds: (Date.now() - invokedAt) / 1000,
      },
      transients,
      import: {
        invalid: ingested.invalid,
        conflicts: ingested.conflicts,
        unusable: ingested.seeds.filter((s) => s.status === "unusable").length,
      },
    };
  } finally {
    progress.stop();
  }
}

/** A run's default id: the seeds file's name without its extension. */
export function runIdOf(seedsName: string): string {
  const name = basename(seedsName);
  return name.slice(0, name.length - extname(name).length) || name || "run";
}

function checkRequest(request: RunRequest): void {
  if (!Number.isInteger(request.maxCandidatesPerSeed) || request.maxCandidatesPerSeed < 1)
    throw new PipelineError("BAD_INPUT", "max candidates per seed must be a positive integer");
  if (request.strategies.length === 0) throw new PipelineError("BAD_INPUT", "no strategy given");
  if (request.strategies.length === 1 && request.strategies[0] === "combine")
    throw new PipelineError(
      "BAD_INPUT",
      "combine merges validated candidates: give another strategy with it",
    );
}
