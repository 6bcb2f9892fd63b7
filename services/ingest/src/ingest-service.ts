import { type Bus, openBus } from "@tracegen/bus";
import { openDatabase, parseDatabaseTarget } from "@tracegen/db";
import { createGrpcServer } from "@tracegen/grpc";
import type { Logger } from "@tracegen/log";
import { IngestService } from "@tracegen/proto";
import type { IngestConfig } from "./config.js";
import { createIngestCore } from "./ingest-core.js";
import { ingestGrpcImpl } from "./ingest-grpc.js";

/** A running ingest service. */
export interface RunningIngestService {
  /** The bound gRPC port (config port 0 picks a free one). */
  port: number;
  stop(): Promise<void>;
}

/** How often events left in the outbox (by a crash) are published. */
const RELAY_INTERVAL_MS = 2_000;

/**
 * Starts the ingest service: database (migrated), bus, gRPC server with health and
 * reflection, and an outbox relay so no event of a committed seed is ever lost.
 */
export async function startIngestService(
  config: IngestConfig,
  logger: Logger,
): Promise<RunningIngestService> {
  const database = await openDatabase(parseDatabaseTarget(config.db));
  let bus: Bus | undefined;
  try {
    bus = await openBus({ natsUrl: config.natsUrl, logger, name: "tracegen-ingest" });
    const core = createIngestCore({ db: database.db, bus, mirrorsDir: config.mirrorsDir, logger });
    const server = createGrpcServer({
      logger,
      services: [{ service: IngestService, impl: ingestGrpcImpl(core) }],
    });
    const port = await server.listen(config.listen.host, config.listen.port);
    await core.relayEvents();
    let relaying = false;
    const relay = setInterval(() => {
      if (relaying) return;
      relaying = true;
      core
        .relayEvents()
        .catch((error: unknown) => logger.warn({ err: error }, "outbox relay failed; will retry"))
        .finally(() => {
          relaying = false;
        });
    }, RELAY_INTERVAL_MS);
    relay.unref();
    return {
      port,
      async stop() {
        clearInterval(relay);
        await server.shutdown();
        await bus?.close();
        await database.close();
      },
    };
  } catch (error) {
    await bus?.close().catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }
}
