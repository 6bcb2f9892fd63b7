#!/usr/bin/env node
import { Command, CommanderError, Option } from "commander";
import { type EvalFlags, evaluate } from "./commands/eval.js";
import { addRetrievalCommands } from "./commands/retrieval.js";
import { type RunFlags, run } from "./commands/run.js";
import { seedsImport } from "./commands/seeds-import.js";
import { seedsList, seedsShow } from "./commands/seeds-query.js";
import { serve } from "./commands/serve.js";
import { type SynthFlags, synth } from "./commands/synth.js";
import { envBuild, seedsCheck, validate } from "./commands/validation.js";
import { hostPort, nonNegativeInt, positiveInt } from "./option-parsers.js";
import { runCommand } from "./run-command.js";

const program = new Command("tracegen")
  .description("TraceGen: verified synthetic bugs from seed bugs (SWE-bench format).")
  .addOption(
    new Option("--db <target>", "postgres:// URL, a PGlite directory, or memory:").env("TRACEGEN_DB"),
  )
  .addOption(
    new Option("--nats <url>", "NATS JetStream servers; default: the in-process bus").env(
      "TRACEGEN_NATS_URL",
    ),
  )
  .addOption(
    new Option("--home <dir>", "state directory for embedded defaults")
      .env("TRACEGEN_HOME")
      .default(".tracegen"),
  )
  .addOption(
    new Option("--log-level <level>", "fatal|error|warn|info|debug|trace|silent").env("TRACEGEN_LOG_LEVEL"),
  )
  .option("--json", "print one JSON document on stdout (logs stay on stderr)")
  .addHelpText(
    "after",
    `
Defaults are embedded: PGlite under <home>/db, mirrors under <home>/mirrors, the in-process bus.
Exit codes: 0 success, 1 failure, 2 bad input, 3 done but some rows were invalid, conflicting or unusable.`,
  )
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

const seeds = program.command("seeds").description("import and inspect seed bugs");

seeds
  .command("import")
  .description("import SWE-bench rows (.json list, .json keyed by instance_id, or .jsonl)")
  .argument("<file>", "seeds document")
  .option(
    "--repo <owner/name=SOURCE>",
    "where a repository comes from (git URL or local path); repeatable",
    collect,
    [],
  )
  .addOption(new Option("--format <format>", "document format").choices(["json", "jsonl", "auto"]))
  .option("--profile <file>", "environment profile (YAML) to store for its repository (and version)")
  .action((file: string, options: { repo: string[]; format?: string; profile?: string }, command: Command) =>
    runCommand(command, { progress: true }, (rt, out, progress) =>
      seedsImport(rt, out, progress, file, options),
    ),
  );

seeds
  .command("list")
  .description("list imported seeds")
  .option("--repo <owner/name>", "only this repository")
  .addOption(
    new Option("--status <status>", "only seeds in this status").choices(["pending", "ready", "unusable"]),
  )
  .option("--limit <n>", "at most this many", positiveInt, 1000)
  .action((options: { repo?: string; status?: string; limit: number }, command: Command) =>
    runCommand(command, {}, (rt, out) => seedsList(rt, out, options)),
  );

seeds
  .command("show")
  .description("show one seed with its snapshot and trace")
  .argument("<id>", "instance_id")
  .action((id: string, _options: unknown, command: Command) =>
    runCommand(command, {}, (rt, out) => seedsShow(rt, out, id)),
  );

addRetrievalCommands(program, seeds);

const sandboxOption = () =>
  new Option("--sandbox <kind>", "where tests run: docker, bwrap, or auto (Docker when a daemon answers)")
    .choices(["docker", "bwrap", "auto"])
    .env("TRACEGEN_SANDBOX")
    .default("auto");

seeds
  .command("check")
  .description("gold-check seeds: F2P fails and P2P passes with the test patch; all pass with the gold patch")
  .option("--seed <id>", "one seed")
  .option("--all", "every ready seed")
  .addOption(sandboxOption())
  .option("--profile <file>", "environment profile (YAML)")
  .action((options: { seed?: string; all?: boolean; sandbox?: string; profile?: string }, command: Command) =>
    runCommand(command, { progress: true }, (rt, out, progress) => seedsCheck(rt, out, progress, options)),
  );

const env = program.command("env").description("test environments");
env
  .command("build")
  .description("prepare a snapshot's environment: export, baseline runs (flaky tests), coverage map")
  .option("--snapshot <id>", "snapshot id (owner__name@commit)")
  .option("--repo <owner/name>", "repository (with --commit)")
  .option("--commit <sha>", "full commit id (with --repo)")
  .option("--profile <file>", "environment profile (YAML)")
  .addOption(sandboxOption())
  .action(
    (
      options: { snapshot?: string; repo?: string; commit?: string; profile?: string; sandbox?: string },
      command: Command,
    ) => runCommand(command, {}, (rt, out) => envBuild(rt, out, options)),
  );

program
  .command("validate")
  .description("validate a candidate bug patch: valid (F2P and P2P), invalid, error (with reason) or timeout")
  .requiredOption("--snapshot <id>", "snapshot id (owner__name@commit)")
  .requiredOption("--patch <file>", "the candidate patch (a diff that introduces the bug)")
  .option("--candidate <id>", "candidate id (default: derived from the snapshot and patch)")
  .option("--full", "run the whole suite instead of the tests covering the change")
  .option("--profile <file>", "environment profile (YAML)")
  .addOption(sandboxOption())
  .action(
    (
      options: {
        snapshot: string;
        patch: string;
        candidate?: string;
        full?: boolean;
        profile?: string;
        sandbox?: string;
      },
      command: Command,
    ) => runCommand(command, {}, (rt, out) => validate(rt, out, options)),
  );

program
  .command("synth")
  .description("synthesize candidate bugs: seed-pattern transplants, procedural mutators, combinations")
  .option("--seed <id>", "a seed: transplants of its trace, procedural bugs in its snapshot")
  .option("--snapshot <id>", "a snapshot: transplants of every seed traced on it, procedural bugs anywhere")
  .option("--strategy <list>", "comma-separated: transplant, procedural, combine", "transplant,procedural")
  .option("--max <n>", "new candidates at most", positiveInt, 20)
  .option("--random-seed <n>", "seed of every random choice (same seed, same candidates)", nonNegativeInt, 0)
  .option("--per-unit <n>", "candidates per unit and strategy at most", positiveInt, 1)
  .option("--mutators <list>", "procedural mutators (default: all but shuffle_methods)")
  .option("--no-targeting", "also mutate code no passing test executes")
  .option("--validate", "validate every new candidate in the sandbox")
  .option("--profile <file>", "environment profile (YAML)")
  .addOption(sandboxOption())
  .action((options: SynthFlags, command: Command) =>
    runCommand(command, { progress: true }, (rt, out, progress) => synth(rt, out, progress, options)),
  );

program
  .command("run")
  .description(
    "the main job: ingest, gold check, synthesis (transplants ranked by retrieval), validation, statements, export; run again to resume",
  )
  .requiredOption("--seeds <file>", "seeds document (SWE-bench rows: .json or .jsonl)")
  .option(
    "--repo <owner/name=SOURCE>",
    "where a repository comes from (git URL, local path or bundle); repeatable",
    collect,
    [],
  )
  .option("--profile <file>", "environment profile (YAML), stored for its repository")
  .option("--strategies <list>", "comma-separated: transplant, procedural, combine", "transplant,procedural")
  .option("--max-candidates-per-seed <n>", "candidates per seed at most", positiveInt, 10)
  .option("--random-seed <n>", "seed of every random choice", nonNegativeInt, 0)
  .option(
    "--out <dir>",
    "where instances.jsonl, summary.json and report.html go (default <home>/runs/<seeds file name>)",
  )
  .addOption(sandboxOption())
  .option(
    "--redo <stage>",
    "run a stage again: check, synthesize, validate, statements, export; repeatable",
    collect,
    [],
  )
  .option(
    "--distributed",
    "drive the `tracegen serve` processes (gRPC, validation handed off on NATS) instead of running in this process; needs --db postgres://... and --nats",
  )
  .addOption(
    new Option("--ingest-addr <host:port>", "distributed: the ingest service")
      .env("TRACEGEN_INGEST_ADDR")
      .argParser(hostPort)
      .default("127.0.0.1:50051"),
  )
  .addOption(
    new Option("--validation-addr <host:port>", "distributed: the validation service")
      .env("TRACEGEN_VALIDATION_ADDR")
      .argParser(hostPort)
      .default("127.0.0.1:50054"),
  )
  .addOption(
    new Option("--synthesis-addr <host:port>", "distributed: the synthesis service")
      .env("TRACEGEN_SYNTHESIS_ADDR")
      .argParser(hostPort)
      .default("127.0.0.1:50053"),
  )
  .addOption(
    new Option(
      "--retrieval-addr <host:port>",
      "distributed: the retrieval service, asked to index each snapshot before its transplants (unreachable: warned once, identifier overlap)",
    )
      .env("TRACEGEN_RETRIEVAL_ADDR")
      .argParser(hostPort)
      .default("127.0.0.1:50052"),
  )
  .option(
    "--no-retrieval",
    "do not index snapshots for retrieval: transplants ranked by identifier overlap, not by the seed's retrieval candidates (distributed: unless the synthesis service finds the snapshot indexed already)",
  )
  .option(
    "--wait-timeout <seconds>",
    "distributed: seconds without a new verdict before the rest is left for the next run",
    positiveInt,
    1800,
  )
  .action((options: Omit<RunFlags, "home">, command: Command) =>
    runCommand(command, { progress: true }, (rt, out, progress) =>
      run(rt, out, progress, { ...options, home: command.optsWithGlobals<{ home: string }>().home }),
    ),
  );

program
  .command("eval")
  .description(
    "grade predictions the SWE-bench way: resolved when every FAIL_TO_PASS and PASS_TO_PASS test passes",
  )
  .requiredOption("--instances <file>", "instances.jsonl of a run")
  .requiredOption(
    "--predictions <file>",
    'predictions (SWE-bench / mini-swe-agent JSON), or "gold" for the instances\' own fixes',
  )
  .requiredOption("--out <dir>", "where <instance_id>/report.json and summary.json go")
  .addOption(sandboxOption())
  .action((options: EvalFlags, command: Command) =>
    runCommand(command, { progress: true }, (rt, out, progress) => evaluate(rt, out, progress, options)),
  );

program
  .command("serve")
  .description("run a service: gRPC server, NATS handoffs, Postgres (from flags and TRACEGEN_* variables)")
  .argument("<service>", "ingest, validation, synthesis or retrieval")
  .option("--listen <host:port>", "gRPC address (default: the service's TRACEGEN_<SERVICE>_ADDR)")
  .action((service: string, options: { listen?: string }, command: Command) =>
    serve(command, service, options),
  );

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version end here with code 0; usage errors with 2.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    process.stderr.write(`tracegen: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
