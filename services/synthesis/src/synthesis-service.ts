import { type Bus, openBus } from "@tracegen/bus";
import { openDatabase, parseDatabaseTarget } from "@tracegen/db";
import { Code, createGrpcClient, createGrpcServer, RpcError } from "@tracegen/grpc";
import type { Logger } from "@tracegen/log";
import { RetrievalService, SynthesisService } from "@tracegen/proto";
import type { SynthesisConfig } from "./config.js";
import { NEIGHBOURS_K, neighbourRank } from "./retrieval-ranking.js";
import { createSynthesisCore, type SynthesisCoreOptions } from "./synthesis-core.js";
import { synthesisGrpcImpl } from "./synthesis-grpc.js";

/** A running synthesis service. */
export interface RunningSynthesisService {
  port: number;
  stop(): Promise<void>;
}

/** Starts the synthesis service: database, bus, gRPC with health and reflection. */
export async function startSynthesisService(
  config: SynthesisConfig,
  logger: Logger,
  extra: Pick<SynthesisCoreOptions, "ensureCoverage" | "neighbours"> = {},
): Promise<RunningSynthesisService> {
  const database = await openDatabase(parseDatabaseTarget(config.db));
  let bus: Bus | undefined;
  const retrieval = config.retrievalAddr ? retrievalNeighbours(config.retrievalAddr, logger) : undefined;
  try {
    bus = await openBus({ natsUrl: config.natsUrl, logger, name: "tracegen-synthesis" });
    const core = createSynthesisCore({
      db: database.db,
      bus,
      logger,
      ...(retrieval ? { neighbours: retrieval.neighbours } : {}),
      ...extra,
    });
    const server = createGrpcServer({
      logger,
      services: [{ service: SynthesisService, impl: synthesisGrpcImpl(core) }],
    });
    const port = await server.listen(config.listen.host, config.listen.port);
    await core.relayEvents();
    const open = { bus };
    return {
      port,
      async stop() {
        await server.shutdown();
        retrieval?.close();
        await open.bus.close();
        await database.close();
      },
    };
  } catch (error) {
    retrieval?.close();
    await bus?.close().catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }
}

/**
 * Transplant ranks from the retrieval service's seed candidates over gRPC. A snapshot it has not
 * indexed, a seed it cannot search with, or a retrieval service that does not answer gives no
 * rank: transplants then fall back to identifier overlap (logged), synthesis goes on.
 */
function retrievalNeighbours(address: string, logger: Logger) {
  const client = createGrpcClient(RetrievalService, address, { defaultDeadlineMs: 60_000 });
  const quiet = new Set([Code.FailedPrecondition, Code.NotFound]);
  return {
    close: () => client.close(),
    neighbours: async (seedId: string, snapshotId: string) => {
      try {
        const { hits } = await client.search({
          query: { case: "seedId", value: seedId },
          filter: { snapshotId },
          k: NEIGHBOURS_K,
        });
        return neighbourRank(
          hits.map((h) => ({
            path: h.unit?.path ?? "",
            qualifiedName: h.unit?.qualifiedName ?? "",
            score: h.score,
          })),
        );
      } catch (error) {
        if (!(error instanceof RpcError)) throw error;
        const level = quiet.has(error.code) ? "info" : "warn";
        logger[level](
          {
            seed: seedId,
            snapshot: snapshotId,
            retrieval: address,
            code: Code[error.code],
            detail: error.message,
          },
          "no retrieval ranking for the seed; transplants ranked by identifier overlap",
        );
        return undefined;
      }
    },
  };
}
