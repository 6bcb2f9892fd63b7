import { Code, RpcError, type ServiceImpl } from "@tracegen/grpc";
import { TestStatus, type ValidateRequest, type ValidationService } from "@tracegen/proto";
import { ValidationError } from "./context.js";
import { type EnvironmentProfile, ProfileError, parseProfile } from "./profile.js";
import { toProtoVerdict, type ValidationCore } from "./validation-core.js";

/** The gRPC face of the validation core; domain errors become deliberate status codes. */
export function validationGrpcImpl(core: ValidationCore): ServiceImpl<typeof ValidationService> {
  return {
    async buildEnvironment(request) {
      required(request.snapshotId, "snapshot_id");
      const ready = await mapErrors(() =>
        core.buildEnvironment(request.snapshotId, profileOf(request.profile)),
      );
      return { environmentId: ready.env.id, imageName: ready.env.image };
    },
    async validate(request) {
      return { verdict: toProtoVerdict(await validateOne(core, request)) };
    },
    async *validateBatch(request, ctx) {
      for (const candidate of request.candidates) {
        if (ctx.signal.aborted) return;
        yield { verdict: toProtoVerdict(await validateOne(core, candidate)) };
      }
    },
    async getBaseline(request) {
      required(request.snapshotId, "snapshot_id");
      const ready = await mapErrors(() =>
        core.buildEnvironment(request.snapshotId, profileOf(request.profile)),
      );
      return {
        results: [...ready.baseline.results].map(([testId, status]) => ({
          testId,
          status: TestStatus[status as keyof typeof TestStatus] ?? TestStatus.UNSPECIFIED,
        })),
        flaky: [...ready.baseline.flaky],
      };
    },
    async checkSeed(request) {
      required(request.seedId, "seed_id");
      const check = await mapErrors(() => core.checkSeed(request.seedId, profileOf(request.profile)));
      return { ...check, logRef: check.logRef ?? "" };
    },
    async getLog(request) {
      required(request.logRef, "log_ref");
      // Blob addresses are content hashes; anything else is refused before it reaches a path.
      if (!/^sha256:[0-9a-f]{64}$/.test(request.logRef))
        throw new RpcError(Code.InvalidArgument, "log_ref must be a blob address (sha256:<64 hex>)");
      const content = await core.readLog(request.logRef).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") throw new RpcError(Code.NotFound, `no log ${request.logRef}`);
        throw error;
      });
      return { content: new TextEncoder().encode(content) };
    },
  };
}

/** One Validate request (alone or in a batch) through the core. */
function validateOne(core: ValidationCore, request: ValidateRequest) {
  required(request.snapshotId, "snapshot_id");
  required(request.patch, "patch");
  return mapErrors(() =>
    core.validate(
      request.snapshotId,
      {
        patch: request.patch,
        candidateId: request.candidateId,
        selection: request.fullSuite ? "full" : "coverage",
      },
      profileOf(request.profile),
    ),
  );
}

function required(value: string, field: string): void {
  if (!value) throw new RpcError(Code.InvalidArgument, `${field} is required`);
}

function profileOf(yaml: string): EnvironmentProfile | undefined {
  if (!yaml) return undefined;
  try {
    return parseProfile(yaml, "profile");
  } catch (error) {
    throw new RpcError(Code.InvalidArgument, (error as ProfileError).message);
  }
}

async function mapErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ValidationError) {
      const code =
        error.code === "NOT_FOUND"
          ? Code.NotFound
          : error.code === "BAD_INPUT"
            ? Code.InvalidArgument
            : Code.FailedPrecondition;
      throw new RpcError(code, error.message);
    }
    if (error instanceof ProfileError) throw new RpcError(Code.InvalidArgument, error.message);
    throw error;
  }
}
