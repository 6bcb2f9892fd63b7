import { Code, RpcError, type ServiceImpl } from "@tracegen/grpc";
import type { SynthesisService } from "@tracegen/proto";
import { type CandidateRow, candidateToProto } from "./candidates.repository.js";
import type { SynthesisCore } from "./synthesis-core.js";
import { SynthesisError } from "./synthesis-error.js";
import { strategyFromProto } from "./to-proto.js";

const MAX_PAGE = 500;

/** The gRPC face of the synthesis core; domain errors become deliberate status codes. */
export function synthesisGrpcImpl(core: SynthesisCore): ServiceImpl<typeof SynthesisService> {
  return {
    async *synthesize(request, ctx) {
      const strategies = request.strategies.map((s) => {
        const name = strategyFromProto(s);
        if (!name) throw new RpcError(Code.Unimplemented, `strategy ${s} is not implemented`);
        return name;
      });
      const target =
        request.target.case === "seedId"
          ? { seedId: request.target.value }
          : request.target.case === "snapshotId"
            ? { snapshotId: request.target.value }
            : undefined;
      if (!target) throw new RpcError(Code.InvalidArgument, "seed_id or snapshot_id is required");
      // The core reports candidates through a callback; a small queue turns them into the stream.
      const queue: CandidateRow[] = [];
      let wake: (() => void) | undefined;
      let finished = false;
      let failure: unknown;
      const run = core
        .synthesize(
          {
            ...target,
            strategies: strategies.length > 0 ? strategies : ["transplant", "procedural"],
            maxCandidates: request.maxCandidates > 0 ? request.maxCandidates : 10,
            randomSeed: Number(request.randomSeed % 4294967296n),
            retrieval: !request.noRetrieval,
          },
          (row) => {
            if (ctx.signal.aborted) throw new SynthesisError("INVALID_ARGUMENT", "call cancelled");
            queue.push(row);
            wake?.();
          },
        )
        .catch((error: unknown) => {
          failure = error;
        })
        .finally(() => {
          finished = true;
          wake?.();
        });
      while (true) {
        const row = queue.shift();
        if (row) {
          yield { candidate: candidateToProto(row) };
          continue;
        }
        if (finished) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
      await run;
      if (failure) throw toRpcError(failure);
    },

    async listCandidates(request) {
      const limit = Math.min(request.pageSize > 0 ? request.pageSize : 100, MAX_PAGE);
      const rows = await core.listCandidates({
        ...(request.snapshotId ? { snapshotId: request.snapshotId } : {}),
        ...(request.seedId ? { seedId: request.seedId } : {}),
        ...(request.pageToken ? { after: request.pageToken } : {}),
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return {
        candidates: page.map(candidateToProto),
        nextPageToken: rows.length > limit ? (page.at(-1)?.id ?? "") : "",
      };
    },
  };
}

function toRpcError(error: unknown): unknown {
  if (!(error instanceof SynthesisError)) return error;
  const code =
    error.code === "NOT_FOUND"
      ? Code.NotFound
      : error.code === "INVALID_ARGUMENT"
        ? Code.InvalidArgument
        : Code.FailedPrecondition;
  return new RpcError(code, error.message);
}
