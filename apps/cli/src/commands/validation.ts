import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { snapshotId as toSnapshotId } from "@tracegen/ingest";
import { openSandbox, type SandboxKind } from "@tracegen/sandbox";
import {
  createValidationCore,
  type EnvironmentProfile,
  parseProfile,
  type SeedCheck,
  type ValidationCore,
} from "@tracegen/validation";
import { CliError, ExitCode } from "../exit-codes.js";
import type { Output } from "../output.js";
import type { Progress } from "../progress.js";
import type { Runtime } from "../runtime.js";

/** Flags of the commands that run tests. */
export interface SandboxFlags {
  sandbox?: string;
  profile?: string;
}

/** Runs `body` with a validation core on the chosen sandbox, and the profile file when given. */
export async function withValidationCore<T>(
  runtime: Runtime,
  flags: SandboxFlags,
  body: (core: ValidationCore, profile?: EnvironmentProfile) => Promise<T>,
): Promise<T> {
  const kind = (flags.sandbox ?? "auto") as SandboxKind;
  if (!["docker", "bwrap", "auto"].includes(kind))
    throw new CliError(`--sandbox must be docker, bwrap or auto, got "${kind}"`, ExitCode.BadInput);
  const profile = flags.profile ? (await readProfile(flags.profile)).parsed : undefined;
  const sandbox = await openSandbox(kind, { logger: runtime.logger });
  try {
    const core = createValidationCore({
      db: runtime.database.db,
      sandbox,
      bus: runtime.bus,
      workDir: join(runtime.config.mirrorsDir, "..", "validation"),
      logger: runtime.logger,
    });
    return await body(core, profile);
  } finally {
    await sandbox.close();
  }
}

/** Reads and checks a profile file; an unreadable or invalid one is bad input (exit 2) naming the field. */
export async function readProfile(path: string): Promise<{ parsed: EnvironmentProfile; text: string }> {
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read profile ${path}: ${error.code ?? error.message}`, ExitCode.BadInput);
  });
  return { parsed: parseProfile(text, path), text };
}

/** `tracegen env build (--snapshot ID | --repo R --commit SHA) [--profile FILE]` */
export async function envBuild(
  runtime: Runtime,
  output: Output,
  options: SandboxFlags & { snapshot?: string; repo?: string; commit?: string },
): Promise<ExitCode> {
  const snapshot =
    options.snapshot ??
    (options.repo && options.commit ? toSnapshotId(options.repo, options.commit) : undefined);
  if (!snapshot)
    throw new CliError("give --snapshot ID, or --repo owner/name with --commit SHA", ExitCode.BadInput);
  return withValidationCore(runtime, options, async (core, profile) => {
    const ready = await core.buildEnvironment(snapshot, profile);
    const summary = {
      environment: ready.env.id,
      snapshot: ready.env.snapshotId,
      image: ready.env.image,
      profile: ready.env.profileOrigin,
      tests: ready.baseline.results.size,
      passing: [...ready.baseline.results.values()].filter((s) => s === "PASSED").length,
      flaky: [...ready.baseline.flaky],
      coverageMap: ready.coverage === "map",
    };
    output.result(summary, () =>
      [
        `environment ${summary.environment} for ${summary.snapshot} (${summary.profile} profile${ready.env.treeImage ? `, image ${summary.image}` : ""})`,
        `baseline: ${summary.tests} tests, ${summary.passing} passing, ${summary.flaky.length} flaky${summary.flaky.length ? ` (${summary.flaky.join(", ")})` : ""}`,
        `coverage map: ${summary.coverageMap ? "yes" : "no (candidates run the full suite)"}`,
      ].join("\n"),
    );
    return ExitCode.Ok;
  });
}

/** `tracegen validate --snapshot ID --patch FILE [--full] [--candidate ID]` */
export async function validate(
  runtime: Runtime,
  output: Output,
  options: SandboxFlags & { snapshot: string; patch: string; full?: boolean; candidate?: string },
): Promise<ExitCode> {
  const patch = await readFile(options.patch, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      `cannot read patch ${options.patch}: ${error.code ?? error.message}`,
      ExitCode.BadInput,
    );
  });
  return withValidationCore(runtime, options, async (core, profile) => {
    const verdict = await core.validate(
      options.snapshot,
      {
        patch,
        selection: options.full ? "full" : "coverage",
        ...(options.candidate ? { candidateId: options.candidate } : {}),
      },
      profile,
    );
    output.result(verdict, () =>
      [
        `${verdict.candidateId}: ${verdict.kind}${verdict.reason ? ` (${verdict.reason})` : ""}${verdict.detail ? `: ${verdict.detail}` : ""}`,
        `tests run: ${verdict.testsRun} (${verdict.selection}), F2P ${verdict.failToPass.length}, P2P ${verdict.passToPass.length}, ${verdict.durationS.toFixed(1)} s`,
        ...verdict.failToPass.slice(0, 10).map((t) => `  F2P ${t}`),
      ].join("\n"),
    );
    return ExitCode.Ok;
  });
}

/** `tracegen seeds check (--seed ID | --all)` */
export async function seedsCheck(
  runtime: Runtime,
  output: Output,
  progress: Progress,
  options: SandboxFlags & { seed?: string; all?: boolean },
): Promise<ExitCode> {
  if (!options.seed && !options.all) throw new CliError("give --seed ID or --all", ExitCode.BadInput);
  const ids = options.seed
    ? [options.seed]
    : (
        await runtime.database.db
          .selectFrom("seeds")
          .select("instance_id")
          .where("status", "=", "ready")
          .orderBy("instance_id")
          .execute()
      ).map((r) => r.instance_id);
  return withValidationCore(runtime, options, async (core, profile) => {
    const checks: SeedCheck[] = [];
    for (const [i, id] of ids.entries()) {
      checks.push(await core.checkSeed(id, profile));
      progress.update("check", i + 1, ids.length, id);
    }
    progress.stop();
    output.result({ checks }, () =>
      checks
        .map((c) =>
          [
            `${c.seedId}: ${c.outcome}${c.detail ? ` (${c.detail})` : ""}`,
            ...c.mismatches.map((m) => `  ${m.phase} ${m.test}: expected ${m.expected}, got ${m.got}`),
          ].join("\n"),
        )
        .join("\n"),
    );
    return checks.every((c) => c.outcome === "ok") ? ExitCode.Ok : ExitCode.Partial;
  });
}
