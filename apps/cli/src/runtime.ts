import { join, resolve } from "node:path";
import { type Bus, openBus } from "@tracegen/bus";
import { type Database, openDatabase, parseDatabaseTarget } from "@tracegen/db";
import { type IngestConfig, loadIngestConfig } from "@tracegen/ingest";
import { createLogger, type Logger } from "@tracegen/log";
import { CliError, ExitCode } from "./exit-codes.js";

/** Flags every command takes; each overrides its environment variable. */
export interface GlobalFlags {
  db?: string;
  nats?: string;
  home?: string;
  json?: boolean;
  logLevel?: string;
}

/**
 * The process configuration: flags over TRACEGEN_* variables over embedded defaults
 * (PGlite and mirrors under `.tracegen/`, the in-process bus).
 */
export function loadConfig(flags: GlobalFlags, env: NodeJS.ProcessEnv): IngestConfig {
  const home = flags.home ?? env.TRACEGEN_HOME ?? ".tracegen";
  const merged: Record<string, string | undefined> = {
    ...env,
    TRACEGEN_DB: flags.db ?? env.TRACEGEN_DB ?? join(home, "db"),
    TRACEGEN_MIRRORS_DIR: resolve(env.TRACEGEN_MIRRORS_DIR ?? join(home, "mirrors")),
    TRACEGEN_NATS_URL: flags.nats ?? env.TRACEGEN_NATS_URL,
    TRACEGEN_LOG_LEVEL: flags.logLevel ?? env.TRACEGEN_LOG_LEVEL,
  };
  return loadIngestConfig(merged);
}

/** The database, bus and logger a command works with. */
export interface Runtime {
  config: IngestConfig;
  database: Database;
  bus: Bus;
  logger: Logger;
  close(): Promise<void>;
}

/** Opens what the configuration names; the caller closes it. */
export async function openRuntime(config: IngestConfig, logger: Logger): Promise<Runtime> {
  let target: ReturnType<typeof parseDatabaseTarget>;
  try {
    target = parseDatabaseTarget(config.db);
  } catch (error) {
    throw new CliError(`--db: ${(error as Error).message}`, ExitCode.BadInput);
  }
  const database = await openDatabase(target);
  let bus: Bus;
  try {
    bus = await openBus({ natsUrl: config.natsUrl, logger, name: "tracegen-cli" });
  } catch (error) {
    await database.close();
    throw error;
  }
  return {
    config,
    database,
    bus,
    logger,
    async close() {
      await bus.close();
      await database.close();
    },
  };
}

/** The process logger: JSON lines on stderr. */
export function cliLogger(level: IngestConfig["logLevel"]): Logger {
  return createLogger({ name: "tracegen", level });
}
