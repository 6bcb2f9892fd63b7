import { EmbedError, EmbedErrorCode } from "@tracegen/embed";
import { Code, RpcError, type ServiceImpl } from "@tracegen/grpc";
import type { SearchFilter as ProtoFilter, RetrievalService, SearchRequest } from "@tracegen/proto";
import { RetrievalError, RetrievalErrorCode } from "./errors.js";
import type { RetrievalCore, SearchQuery } from "./retrieval-core.js";
import type { SearchFilter } from "./search-filter.js";
import { kindFromProto, kindToProto } from "./to-proto.js";

const STATUS: Record<RetrievalErrorCode, Code> = {
  [RetrievalErrorCode.NotFound]: Code.NotFound,
  [RetrievalErrorCode.BadInput]: Code.InvalidArgument,
  [RetrievalErrorCode.NotIndexed]: Code.FailedPrecondition,
  [RetrievalErrorCode.NoQueryUnit]: Code.FailedPrecondition,
  [RetrievalErrorCode.Embedder]: Code.Unavailable,
};

/**
 * The gRPC face of the retrieval core. Domain errors become deliberate status codes; anything
 * else reaches the client as INTERNAL with a generic message (the bridge logs the cause).
 */
export function retrievalGrpcImpl(core: RetrievalCore): ServiceImpl<typeof RetrievalService> {
  return {
    async indexSnapshot(request, ctx) {
      if (!request.snapshotId) throw new RpcError(Code.InvalidArgument, "snapshot_id is required");
      const result = await mapErrors(() => core.indexSnapshot(request.snapshotId, ctx.signal));
      return {
        units: result.units,
        reused: result.reused,
        embedded: result.embedded,
        parked: result.parked,
        contents: result.contents,
        vectors: BigInt(result.vectors),
      };
    },
    async search(request, ctx) {
      const hits = await mapErrors(() =>
        core.search(queryOf(request), {
          filter: filterOf(request.filter),
          k: request.k === 0 ? 10 : request.k,
          withSource: request.withSource,
          signal: ctx.signal,
        }),
      );
      return {
        hits: hits.map((h) => ({
          unit: {
            snapshotId: h.snapshotId,
            path: h.path,
            qualifiedName: h.qualifiedName,
            kind: kindToProto(h.kind),
            startLine: h.startLine,
            endLine: h.endLine,
            signature: h.signature,
            docstring: h.docstring ?? "",
            contentHash: h.contentHash,
            source: h.source ?? "",
          },
          score: h.score,
          applicable: h.applicable ?? false,
          covered: h.covered,
          unitId: h.unitId,
        })),
      };
    },
    async stats() {
      const stats = await core.stats();
      return {
        vectors: BigInt(stats.vectors),
        dimensions: stats.dimensions,
        embedder: stats.embedder,
        snapshots: stats.snapshots,
        embeddings: BigInt(stats.embeddings),
        parked: BigInt(stats.parked),
      };
    },
  };
}

function queryOf(request: SearchRequest): SearchQuery {
  const q = request.query;
  switch (q.case) {
    case "unitId":
      return { unitId: q.value };
    case "code":
      return { code: q.value };
    case "text":
      return { text: q.value };
    case "seedId":
      return { seedId: q.value };
    default:
      throw new RpcError(Code.InvalidArgument, "query is required: unit_id, code, text or seed_id");
  }
}

function filterOf(filter: ProtoFilter | undefined): SearchFilter {
  if (!filter) return {};
  const kinds = filter.kinds.map((k) => {
    const name = kindFromProto(k);
    if (name === undefined)
      throw new RpcError(Code.InvalidArgument, `unknown unit kind ${k} in filter.kinds`);
    return name;
  });
  return {
    ...(filter.repo ? { repo: filter.repo } : {}),
    ...(filter.snapshotId ? { snapshotId: filter.snapshotId } : {}),
    ...(kinds.length ? { kinds } : {}),
    coveredOnly: filter.coveredOnly,
    excludePaths: filter.excludePaths,
    excludeUnits: filter.excludeUnits,
  };
}

async function mapErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof RetrievalError) throw new RpcError(STATUS[error.code], error.message);
    if (error instanceof EmbedError && error.code === EmbedErrorCode.ABORTED)
      throw new RpcError(Code.Canceled, error.message);
    throw error;
  }
}
