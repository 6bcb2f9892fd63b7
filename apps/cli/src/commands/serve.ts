import { join, resolve } from "node:path";
import { startIngestService } from "@tracegen/ingest";
import { loadRetrievalConfig, startRetrievalService } from "@tracegen/retrieval";
import { loadSynthesisConfig, retrievalApplicability, startSynthesisService } from "@tracegen/synthesis";
import { loadValidationConfig, startValidationService } from "@tracegen/validation";
import type { Command } from "commander";
import { ExitCode } from "../exit-codes.js";
import { cliLogger, type GlobalFlags, loadConfig } from "../runtime.js";

const SERVICES = ["ingest", "validation", "synthesis", "retrieval"] as const;

/** `tracegen serve <service>`: runs until SIGINT / SIGTERM, then stops gracefully. */
export async function serve(
  command: Command,
  service: string,
  options: { listen?: string; sandbox?: string },
): Promise<void> {
  if (!(SERVICES as readonly string[]).includes(service)) {
    process.stderr.write(`tracegen: unknown service "${service}"; available: ${SERVICES.join(", ")}\n`);
    process.exitCode = ExitCode.BadInput;
    return;
  }
  const flags = command.optsWithGlobals<GlobalFlags>();
  let running: { port: number; stop(): Promise<void> };
  let host: string;
  let logger: ReturnType<typeof cliLogger>;
  try {
    if (service === "ingest") {
      const config = loadConfig(flags, {
        ...process.env,
        ...(options.listen ? { TRACEGEN_INGEST_ADDR: options.listen } : {}),
      });
      logger = cliLogger(config.logLevel);
      host = config.listen.host;
      running = await startIngestService(config, logger);
    } else if (service === "retrieval") {
      const base = loadConfig(flags, process.env);
      const config = loadRetrievalConfig({
        ...process.env,
        TRACEGEN_DB: base.db,
        TRACEGEN_INDEX_DIR: process.env.TRACEGEN_INDEX_DIR ?? resolve(join(base.mirrorsDir, "..", "index")),
        ...(options.listen ? { TRACEGEN_RETRIEVAL_ADDR: options.listen } : {}),
      });
      logger = cliLogger(config.logLevel);
      host = config.listen.host;
      // Seed candidates are checked with synthesis' transplant check.
      running = await startRetrievalService(config, logger, { applicability: retrievalApplicability });
    } else if (service === "synthesis") {
      const base = loadConfig(flags, process.env);
      const config = loadSynthesisConfig({
        ...process.env,
        TRACEGEN_DB: base.db,
        TRACEGEN_NATS_URL: base.natsUrl,
        ...(options.listen ? { TRACEGEN_SYNTHESIS_ADDR: options.listen } : {}),
      });
      logger = cliLogger(config.logLevel);
      host = config.listen.host;
      running = await startSynthesisService(config, logger);
    } else {
      const base = loadConfig(flags, process.env);
      const config = loadValidationConfig({
        ...process.env,
        TRACEGEN_DB: base.db,
        TRACEGEN_NATS_URL: base.natsUrl,
        TRACEGEN_WORK_DIR:
          process.env.TRACEGEN_WORK_DIR ?? resolve(join(base.mirrorsDir, "..", "validation")),
        ...(options.sandbox ? { TRACEGEN_SANDBOX: options.sandbox } : {}),
        ...(options.listen ? { TRACEGEN_VALIDATION_ADDR: options.listen } : {}),
      });
      logger = cliLogger(config.logLevel);
      host = config.listen.host;
      running = await startValidationService(config, logger);
    }
  } catch (error) {
    process.stderr.write(`tracegen: ${(error as Error).message}\n`);
    process.exitCode = (error as Error).name.endsWith("ConfigError") ? ExitCode.BadInput : ExitCode.Failure;
    return;
  }
  // One line on stdout so scripts (and tests) learn the bound port.
  process.stdout.write(`${JSON.stringify({ service, port: running.port, host })}\n`);
  await new Promise<void>((done) => {
    const stop = (signal: string) => {
      logger.info({ signal }, "stopping");
      running.stop().then(done, (error: unknown) => {
        logger.error({ err: error }, "stop failed");
        process.exitCode = ExitCode.Failure;
        done();
      });
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
