import { Code, RpcError, type ServiceImpl } from "@tracegen/grpc";
import type { IngestService } from "@tracegen/proto";
import { ConfigError } from "./config.js";
import { IngestError, IngestErrorCode } from "./errors.js";
import type { IngestCore } from "./ingest-core.js";

/**
 * The gRPC face of the ingest core. Domain errors become deliberate status codes; anything
 * else reaches the client as INTERNAL with a generic message (the bridge logs the cause).
 */
export function ingestGrpcImpl(core: IngestCore): ServiceImpl<typeof IngestService> {
  return {
    async importSeeds(request) {
      if (request.content.length === 0)
        throw new RpcError(Code.InvalidArgument, "content is empty: send the seeds document");
      return mapErrors(() =>
        core.importSeeds({
          content: new TextDecoder().decode(request.content),
          format: request.format,
          sourceName: request.sourceName || "request",
          repos: request.repos.map((r) => ({ repo: r.repo, source: r.source })),
        }),
      );
    },
    async getSeed(request) {
      if (!request.instanceId) throw new RpcError(Code.InvalidArgument, "instance_id is required");
      return mapErrors(() => core.getSeed(request.instanceId));
    },
    async listSeeds(request) {
      return mapErrors(() =>
        core.listSeeds({
          repo: request.repo,
          status: request.status,
          pageSize: request.pageSize,
          pageToken: request.pageToken,
        }),
      );
    },
    async getTrace(request) {
      if (!request.seedId) throw new RpcError(Code.InvalidArgument, "seed_id is required");
      return mapErrors(() => core.getTrace(request.seedId));
    },
  };
}

async function mapErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof IngestError) {
      throw new RpcError(
        error.code === IngestErrorCode.NotFound ? Code.NotFound : Code.InvalidArgument,
        error.message,
      );
    }
    if (error instanceof ConfigError) throw new RpcError(Code.FailedPrecondition, error.message);
    throw error;
  }
}
