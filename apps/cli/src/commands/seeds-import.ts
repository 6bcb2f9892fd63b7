import { readFile } from "node:fs/promises";
import { toJson } from "@bufbuild/protobuf";
import { createIngestCore, IngestError, IngestErrorCode, parseRepoFlag } from "@tracegen/ingest";
import {
  ImportSeedsResponseSchema,
  RowOutcome,
  SeedStatus,
  SeedsFormat,
  UnusableReason,
} from "@tracegen/proto";
import { type EnvironmentProfile, storeProfile } from "@tracegen/validation";
import { CliError, ExitCode } from "../exit-codes.js";
import type { Output } from "../output.js";
import type { Progress } from "../progress.js";
import type { Runtime } from "../runtime.js";
import { readProfile } from "./validation.js";

/** `tracegen seeds import FILE --repo owner/name=SOURCE ... [--profile FILE]` */
export async function seedsImport(
  runtime: Runtime,
  output: Output,
  progress: Progress,
  file: string,
  options: { repo: string[]; format?: string; profile?: string },
): Promise<ExitCode> {
  const repos = options.repo.map((r) => parseRepoFlag(r, process.cwd()));
  // A bad profile stops the command before anything is imported.
  const profile: { parsed: EnvironmentProfile; text: string } | undefined = options.profile
    ? await readProfile(options.profile)
    : undefined;
  let content: string;
  try {
    content = await readFile(file, "utf8");
  } catch (error) {
    throw new CliError(
      `cannot read seeds file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      ExitCode.BadInput,
    );
  }
  const format = formatOf(file, options.format);
  const core = createIngestCore({
    db: runtime.database.db,
    bus: runtime.bus,
    mirrorsDir: runtime.config.mirrorsDir,
    logger: runtime.logger,
  });
  const response = await core
    .importSeeds({
      content,
      format,
      sourceName: file,
      repos,
      onProgress: (p) => {
        if (p.phase === "snapshot")
          progress.update("parse", p.done, p.total, p.snapshotId.split("@")[1]?.slice(0, 12));
        else progress.update(p.phase, p.done, p.total, p.phase === "seeds" ? p.seedId : undefined);
      },
    })
    .finally(() => progress.stop());
  if (profile) await storeProfile(runtime.database.db, profile.parsed, profile.text);
  const stored = profile ? { repo: profile.parsed.repo, version: profile.parsed.version ?? null } : undefined;

  const json = toJson(ImportSeedsResponseSchema, response, { alwaysEmitImplicit: true }) as Record<
    string,
    unknown
  >;
  output.result(stored ? { ...json, profile: stored } : json, () => {
    const s = response.summary;
    const lines = [
      `${s?.rows ?? 0} rows: ${s?.created ?? 0} new, ${s?.unchanged ?? 0} unchanged, ${s?.conflicts ?? 0} conflicts, ${s?.invalid ?? 0} invalid`,
      `seeds: ${s?.ready ?? 0} ready, ${s?.unusable ?? 0} unusable; ${s?.snapshots ?? 0} snapshots, ${s?.units ?? 0} code units`,
    ];
    if (stored)
      lines.push(
        `profile stored for ${stored.repo}${stored.version ? ` version ${stored.version}` : " (every version)"}`,
      );
    for (const row of response.rows) {
      const where = `row ${row.row}${row.instanceId ? ` (${row.instanceId})` : ""}`;
      for (const e of row.errors)
        lines.push(`  ${RowOutcome[row.outcome].toLowerCase()} ${where}: ${e.field} ${e.message}`);
      if (row.status === SeedStatus.UNUSABLE) {
        lines.push(
          `  unusable ${where}: ${UnusableReason[row.unusableReason].toLowerCase()}: ${row.unusableDetail}`,
        );
      }
    }
    return lines.join("\n");
  });
  const s = response.summary;
  return s && s.invalid + s.conflicts + s.unusable > 0 ? ExitCode.Partial : ExitCode.Ok;
}

function formatOf(file: string, flag: string | undefined): SeedsFormat {
  const name = flag ?? (file.endsWith(".jsonl") ? "jsonl" : file.endsWith(".json") ? "json" : "auto");
  if (name === "jsonl") return SeedsFormat.JSONL;
  if (name === "json") return SeedsFormat.JSON;
  if (name === "auto") return SeedsFormat.UNSPECIFIED;
  throw new IngestError(IngestErrorCode.BadInput, `--format must be json, jsonl or auto, got "${name}"`);
}
