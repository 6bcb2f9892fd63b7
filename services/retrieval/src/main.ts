import { createLogger } from "@tracegen/log";
import { loadRetrievalConfig } from "./config.js";
import { startRetrievalService } from "./retrieval-service.js";

// Wiring only: the standalone retrieval process (containers, infra/). Locally, `tracegen serve retrieval`.
const config = loadRetrievalConfig(process.env);
const logger = createLogger({ name: "retrieval", level: config.logLevel });
const service = await startRetrievalService(config, logger);
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
