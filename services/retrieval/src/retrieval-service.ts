import { openDatabase, parseDatabaseTarget } from "@tracegen/db";
import { createGrpcServer } from "@tracegen/grpc";
import type { Logger } from "@tracegen/log";
import { RetrievalService } from "@tracegen/proto";
import type { RetrievalConfig } from "./config.js";
import { makeEmbedder } from "./make-embedder.js";
import { type Applicability, createRetrievalCore, type RetrievalCore } from "./retrieval-core.js";
import { retrievalGrpcImpl } from "./retrieval-grpc.js";
import type { IndexSettings } from "./space-index.js";

/** A running retrieval service. */
export interface RunningRetrievalService {
  /** The bound gRPC port (config port 0 picks a free one). */
  port: number;
  core: RetrievalCore;
  stop(): Promise<void>;
}

/** Starts the retrieval service: database (migrated), the core, a gRPC server with health and reflection. */
export async function startRetrievalService(
  config: RetrievalConfig,
  logger: Logger,
  options: { applicability?: Applicability; index?: IndexSettings } = {},
): Promise<RunningRetrievalService> {
  const database = await openDatabase(parseDatabaseTarget(config.db));
  try {
    const embedder = makeEmbedder(config.embedder, logger);
    const core = createRetrievalCore({
      db: database.db,
      ...(embedder ? { embedder } : {}),
      indexDir: config.indexDir,
      logger,
      ...(options.applicability ? { applicability: options.applicability } : {}),
      ...(options.index ? { index: options.index } : {}),
    });
    const server = createGrpcServer({
      logger,
      services: [{ service: RetrievalService, impl: retrievalGrpcImpl(core) }],
    });
    const port = await server.listen(config.listen.host, config.listen.port);
    return {
      port,
      core,
      async stop() {
        await server.shutdown();
        await database.close();
      },
    };
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}
