import { startIngestService } from "@tracegen/ingest";
import type { Command } from "commander";
import { ExitCode } from "../exit-codes.js";
import { cliLogger, type GlobalFlags, loadConfig } from "../runtime.js";

const SERVICES = ["ingest"] as const;

/** `tracegen serve <service>`: runs until SIGINT / SIGTERM, then stops gracefully. */
export async function serve(command: Command, service: string, options: { listen?: string }): Promise<void> {
  if (!(SERVICES as readonly string[]).includes(service)) {
    process.stderr.write(`tracegen: unknown service "${service}"; available: ${SERVICES.join(", ")}\n`);
    process.exitCode = ExitCode.BadInput;
    return;
  }
  const flags = command.optsWithGlobals<GlobalFlags>();
  const env = { ...process.env, ...(options.listen ? { TRACEGEN_INGEST_ADDR: options.listen } : {}) };
  const config = loadConfig(flags, env);
  const logger = cliLogger(config.logLevel);
  const running = await startIngestService(config, logger);
  // One line on stdout so scripts (and tests) learn the bound port.
  process.stdout.write(`${JSON.stringify({ service, port: running.port, host: config.listen.host })}\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, "stopping");
      running.stop().then(resolve, (error: unknown) => {
        logger.error({ err: error }, "stop failed");
        process.exitCode = ExitCode.Failure;
        resolve();
      });
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
