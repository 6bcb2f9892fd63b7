/** The ingest service: seeds, repositories, snapshots, code units and traces. */
export { ConfigError, type IngestConfig, loadIngestConfig } from "./config.js";
export { IngestError, IngestErrorCode } from "./errors.js";
export { snapshotId, traceId } from "./ids.js";
export type { ImportProgress } from "./import-seeds.js";
export {
  createIngestCore,
  type ImportSeedsInput,
  type IngestCore,
  type IngestCoreOptions,
} from "./ingest-core.js";
export { ingestGrpcImpl } from "./ingest-grpc.js";
export { type RunningIngestService, startIngestService } from "./ingest-service.js";
export { parseRepoFlag, type RepoSourceInput } from "./repo-sources.js";
export { ensureSnapshot as ingestSnapshot, type SnapshotProgress } from "./snapshot-ingest.js";
