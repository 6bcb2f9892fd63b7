import { createLogger } from "@tracegen/log";
import { loadIngestConfig } from "./config.js";
import { startIngestService } from "./ingest-service.js";

// Wiring only: the standalone ingest process (containers, infra/). Locally, `tracegen serve ingest`.
const config = loadIngestConfig(process.env);
const logger = createLogger({ name: "ingest", level: config.logLevel });
const service = await startIngestService(config, logger);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    logger.info({ signal }, "stopping");
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "stop failed");
        process.exit(1);
      },
    );
  });
}
