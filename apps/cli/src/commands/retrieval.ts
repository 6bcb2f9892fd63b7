import {
  type IndexSnapshotResult,
  RetrievalError,
  RetrievalErrorCode,
  type RetrievalHit,
  type SearchFilter,
  type SearchQuery,
} from "@tracegen/retrieval";
import { type Command, Option } from "commander";
import { CliError, ExitCode } from "../exit-codes.js";
import { positiveInt } from "../option-parsers.js";
import type { Output } from "../output.js";
import type { Progress } from "../progress.js";
import { runCommand } from "../run-command.js";
import type { Runtime } from "../runtime.js";
import { retrievalCore } from "./retrieval-ports.js";

/** Domain errors as exit codes: the caller's input (or a missing index) is 2, an embedder failure 1. */
async function mapErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof RetrievalError)
      throw new CliError(
        error.message,
        error.code === RetrievalErrorCode.Embedder ? ExitCode.Failure : ExitCode.BadInput,
      );
    throw error;
  }
}

/** `tracegen index (--snapshot ID ... | --all)` */
export async function index(
  runtime: Runtime,
  output: Output,
  progress: Progress,
  options: { snapshot: string[]; all?: boolean },
): Promise<ExitCode> {
  if ((options.snapshot.length === 0) === !options.all)
    throw new CliError("give --snapshot ID (repeatable) or --all", ExitCode.BadInput);
  const ids = options.all
    ? (
        await runtime.database.db
          .selectFrom("snapshots")
          .select("id")
          .where("status", "=", "parsed")
          .orderBy("created_at")
          .orderBy("id")
          .execute()
      ).map((r) => r.id)
    : options.snapshot;
  const core = retrievalCore(runtime);
  const results: IndexSnapshotResult[] = [];
  for (const [i, id] of ids.entries()) {
    results.push(await mapErrors(() => core.indexSnapshot(id)));
    progress.update("index", i + 1, ids.length, id);
  }
  progress.stop();
  const totals = {
    snapshots: results.length,
    units: results.reduce((n, r) => n + r.units, 0),
    embedded: results.reduce((n, r) => n + r.embedded, 0),
    reused: results.reduce((n, r) => n + r.reused, 0),
    parked: results.reduce((n, r) => n + r.parked, 0),
  };
  const stats = await core.stats();
  output.result({ embedder: core.embedderName, totals, snapshots: results, stats }, () =>
    [
      ...results.map(
        (r) =>
          `${r.snapshotId}: ${r.units} units, ${r.contents} contents: ${r.embedded} embedded, ${r.reused} reused` +
          `${r.parked ? `, ${r.parked} PARKED (retried by the next index run)` : ""}; index ${r.vectors} vectors (${(r.durationMs / 1000).toFixed(1)} s)`,
      ),
      `${totals.snapshots} snapshots indexed with ${core.embedderName}: ${totals.embedded} embedded, ${totals.reused} reused, ${totals.parked} parked; ` +
        `${stats.vectors} vectors, ${stats.embeddings} embeddings in all`,
    ].join("\n"),
  );
  return totals.parked > 0 ? ExitCode.Partial : ExitCode.Ok;
}

/** Flags of `tracegen search`. */
export interface SearchFlags {
  seed?: string;
  unit?: string;
  code?: string;
  text?: string;
  k: number;
  coveredOnly?: boolean;
  snapshot?: string;
  repo?: string;
  kind: string[];
  excludePath: string[];
  source?: boolean;
}

/** `tracegen search (--seed ID | --unit ID | --code TEXT | --text TEXT) [-k N] [--covered-only] ...` */
export async function search(runtime: Runtime, output: Output, flags: SearchFlags): Promise<ExitCode> {
  const given = [
    flags.seed === undefined ? undefined : { seedId: flags.seed },
    flags.unit === undefined ? undefined : { unitId: flags.unit },
    flags.code === undefined ? undefined : { code: flags.code },
    flags.text === undefined ? undefined : { text: flags.text },
  ].filter((q) => q !== undefined) as SearchQuery[];
  if (given.length !== 1)
    throw new CliError(
      "give exactly one of --seed ID, --unit ID, --code TEXT, --text TEXT",
      ExitCode.BadInput,
    );
  const filter: SearchFilter = {
    ...(flags.snapshot ? { snapshotId: flags.snapshot } : {}),
    ...(flags.repo ? { repo: flags.repo } : {}),
    ...(flags.kind.length ? { kinds: flags.kind } : {}),
    ...(flags.excludePath.length ? { excludePaths: flags.excludePath } : {}),
    coveredOnly: flags.coveredOnly ?? false,
  };
  const core = retrievalCore(runtime);
  const hits = await mapErrors(() =>
    core.search(given[0]!, { k: flags.k, filter, withSource: flags.source ?? false }),
  );
  output.result({ hits }, () => (hits.length === 0 ? "no hits" : hits.map(hitLine(flags.source)).join("\n")));
  return ExitCode.Ok;
}

function hitLine(withSource: boolean | undefined): (hit: RetrievalHit) => string {
  return (h) => {
    const marks = [
      h.covered ? "covered" : "",
      h.applicable === undefined ? "" : h.applicable ? "applicable" : "not applicable",
    ]
      .filter(Boolean)
      .join(", ");
    const head = `${h.score.toFixed(4)}  ${h.unitId}  (${h.kind}, lines ${h.startLine}-${h.endLine}${marks ? `, ${marks}` : ""})`;
    return withSource && h.source ? `${head}\n${h.source.replace(/^/gm, "    ")}` : head;
  };
}

/** `tracegen seeds retrievability [--seed ID ...] [--depth N]` */
export async function seedsRetrievability(
  runtime: Runtime,
  output: Output,
  options: { seed: string[]; depth: number },
): Promise<ExitCode> {
  const core = retrievalCore(runtime);
  const report = await mapErrors(() => core.retrievability(options.seed, { depth: options.depth }));
  output.result(report, () => {
    const rate = report.seeds === 0 ? 0 : (100 * report.retrievable) / report.seeds;
    return [
      `${report.retrievable} of ${report.seeds} seeds (${rate.toFixed(1)}%) have an applicable, covered candidate`,
      ...Object.entries(report.buckets)
        .filter(([, n]) => n > 0)
        .map(([bucket, n]) => `  ${bucket.padEnd(20)} ${n}`),
      ...report.results.map(
        (r) =>
          `${r.seedId}: ${r.outcome}${r.best ? ` (best ${r.best.unitId}, ${r.best.score.toFixed(3)})` : ""} - ${r.detail}`,
      ),
    ].join("\n");
  });
  return ExitCode.Ok;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Adds `index`, `search` and `seeds retrievability` to the program. */
export function addRetrievalCommands(program: Command, seeds: Command): void {
  program
    .command("index")
    .description("embed snapshots' units (each content hash once) and update the vector index")
    .option("--snapshot <id>", "a snapshot (owner__name@commit); repeatable", collect, [])
    .option("--all", "every parsed snapshot")
    .action((options: { snapshot: string[]; all?: boolean }, command: Command) =>
      runCommand(command, { progress: true }, (rt, out, progress) => index(rt, out, progress, options)),
    );

  program
    .command("search")
    .description("nearest code units to a seed's buggy unit (seed candidates), a unit, code or text")
    .option("--seed <id>", "a seed: candidates where its bug fits, applicable and covered first")
    .option("--unit <id>", "a unit: <snapshot_id>:<path>:<qualified_name>")
    .option("--code <text>", "code to search with")
    .option("--text <text>", "words to search with")
    .addOption(new Option("-k, --k <n>", "hits").argParser(positiveInt).default(10))
    .option("--covered-only", "only units a passing, non-flaky test executes")
    .option("--snapshot <id>", "only this snapshot")
    .option("--repo <owner/name>", "only this repository")
    .option("--kind <kind>", "only this kind (class, function, method); repeatable", collect, [])
    .option("--exclude-path <path>", "leave out a file, or a directory ending in /; repeatable", collect, [])
    .option("--source", "print each hit's source")
    .action((options: SearchFlags, command: Command) =>
      runCommand(command, {}, (rt, out) => search(rt, out, options)),
    );

  seeds
    .command("retrievability")
    .description("how many seeds have an applicable, covered candidate, and why the others have none")
    .option("--seed <id>", "a seed; repeatable (default: every seed)", collect, [])
    .addOption(
      new Option("--depth <n>", "nearest covered units looked at per seed")
        .argParser(positiveInt)
        .default(50),
    )
    .action((options: { seed: string[]; depth: number }, command: Command) =>
      runCommand(command, {}, (rt, out) => seedsRetrievability(rt, out, options)),
    );
}
