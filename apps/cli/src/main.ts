#!/usr/bin/env node
import { Command, CommanderError, Option } from "commander";
import { seedsImport } from "./commands/seeds-import.js";
import { seedsList, seedsShow } from "./commands/seeds-query.js";
import { serve } from "./commands/serve.js";
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
  .action((file: string, options: { repo: string[]; format?: string }, command: Command) =>
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

program
  .command("serve")
  .description("run a service: gRPC server, NATS handoffs, Postgres (from flags and TRACEGEN_* variables)")
  .argument("<service>", "ingest")
  .option("--listen <host:port>", "gRPC address (default TRACEGEN_INGEST_ADDR or 127.0.0.1:50051)")
  .action((service: string, options: { listen?: string }, command: Command) =>
    serve(command, service, options),
  );

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new CommanderError(2, "tracegen.badNumber", `expected a positive integer, got "${value}"`);
  return n;
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
