import { create, type JsonObject, toJson } from "@bufbuild/protobuf";
import { createIngestCore } from "@tracegen/ingest";
import {
  GetSeedResponseSchema,
  GetTraceResponseSchema,
  type Seed,
  SeedSchema,
  SeedStatus,
  UnusableReason,
} from "@tracegen/proto";
import { CliError, ExitCode } from "../exit-codes.js";
import type { Output } from "../output.js";
import type { Runtime } from "../runtime.js";

function core(runtime: Runtime) {
  return createIngestCore({
    db: runtime.database.db,
    mirrorsDir: runtime.config.mirrorsDir,
    logger: runtime.logger,
  });
}

const STATUS_NAMES = {
  pending: SeedStatus.PENDING,
  ready: SeedStatus.READY,
  unusable: SeedStatus.UNUSABLE,
} as const;

/** `tracegen seeds list [--repo R] [--status S] [--limit N]`: every matching seed, paged internally. */
export async function seedsList(
  runtime: Runtime,
  output: Output,
  options: { repo?: string; status?: string; limit: number },
): Promise<ExitCode> {
  const status =
    options.status === undefined ? undefined : STATUS_NAMES[options.status as keyof typeof STATUS_NAMES];
  if (options.status !== undefined && status === undefined) {
    throw new CliError(`--status must be one of ${Object.keys(STATUS_NAMES).join(", ")}`, ExitCode.BadInput);
  }
  const ingest = core(runtime);
  const seeds: Seed[] = [];
  let pageToken = "";
  do {
    const page = await ingest.listSeeds({
      pageSize: Math.min(options.limit - seeds.length, 500),
      pageToken,
      ...(options.repo ? { repo: options.repo } : {}),
      ...(status ? { status } : {}),
    });
    seeds.push(...page.seeds);
    pageToken = page.nextPageToken;
  } while (pageToken && seeds.length < options.limit);
  output.result({ seeds: seeds.map((s) => toJson(SeedSchema, s)) }, () =>
    seeds.length === 0
      ? "no seeds"
      : seeds
          .map((s) => {
            const reason =
              s.status === SeedStatus.UNUSABLE ? `  ${UnusableReason[s.unusableReason].toLowerCase()}` : "";
            return `${s.instanceId.padEnd(40)} ${SeedStatus[s.status].toLowerCase().padEnd(9)} ${s.repo}@${s.baseCommit.slice(0, 12)}${reason}`;
          })
          .join("\n"),
  );
  return ExitCode.Ok;
}

/** `tracegen seeds show ID`: the seed, its snapshot and its trace. */
export async function seedsShow(runtime: Runtime, output: Output, id: string): Promise<ExitCode> {
  const ingest = core(runtime);
  const { seed, snapshot } = await ingest.getSeed(id);
  const trace = seed?.status === SeedStatus.READY ? (await ingest.getTrace(id)).trace : undefined;
  output.result(
    {
      ...(toJson(
        GetSeedResponseSchema,
        create(GetSeedResponseSchema, { ...(seed ? { seed } : {}), ...(snapshot ? { snapshot } : {}) }),
      ) as JsonObject),
      ...(trace
        ? (toJson(GetTraceResponseSchema, create(GetTraceResponseSchema, { trace })) as JsonObject)
        : {}),
    },
    () => {
      if (!seed) return `seed ${id}: not found`;
      const lines = [
        `${seed.instanceId}  ${SeedStatus[seed.status].toLowerCase()}`,
        `repo        ${seed.repo}@${seed.baseCommit}`,
        `snapshot    ${snapshot ? `${snapshot.id} (${snapshot.fileCount} files, ${snapshot.unitCount} units, ${snapshot.fileErrorCount} file problems)` : "-"}`,
        `F2P         ${seed.failToPass.join(", ") || "-"}`,
        `P2P         ${seed.passToPass.length} tests`,
      ];
      if (seed.status === SeedStatus.UNUSABLE)
        lines.push(
          `unusable    ${UnusableReason[seed.unusableReason].toLowerCase()}: ${seed.unusableDetail}`,
        );
      if (trace) {
        lines.push(`test files  ${trace.testFiles.join(", ") || "-"}`, "changed units:");
        for (const u of trace.changedUnits)
          lines.push(
            `  ${u.path}::${u.qualifiedName || "(module)"} (lines ${u.beforeStartLine}-${u.beforeEndLine})`,
          );
      }
      return lines.join("\n");
    },
  );
  return ExitCode.Ok;
}
