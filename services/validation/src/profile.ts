import { createHash } from "node:crypto";
import { isMap, isScalar, parseDocument } from "yaml";
import { z } from "zod";
import { splitCommand, TestCommandError } from "./test-command.js";

/** How to build and test one repository: what users write instead of code. */
export interface EnvironmentProfile {
  repo: string;
  /** Only for this version of the repository's seeds, when set. */
  version?: string;
  /** Debian packages added to the image (containers have no network at run time). */
  aptPackages: string[];
  env: Record<string, string>;
  /** Shell commands run once, when the environment is built. */
  install: string[];
  /** The test runner; the validator adds test ids and result flags. */
  testCmd: string;
  /** Wall limit of one test run, seconds. */
  timeoutS: number;
}

const ProfileSchema = z
  .object({
    repo: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must look like "owner/name"'),
    version: z.union([z.string(), z.number()]).transform(String).optional(),
    apt_packages: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9+.-]+$/, "is not a Debian package name"))
      .default([]),
    env: z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).default({}),
    install: z.array(z.string().trim().min(1, "must not hold an empty command")).default([]),
    test_cmd: z
      .string()
      .min(1)
      .superRefine((value, ctx) => {
        try {
          splitCommand(value);
        } catch (error) {
          if (!(error instanceof TestCommandError)) throw error;
          ctx.addIssue({ code: "custom", message: "must be a plain command (no shell operators)" });
        }
      })
      .default("python3 -m pytest -p no:cacheprovider"),
    timeout_s: z
      .number()
      .int()
      .positive()
      .max(24 * 3600)
      .default(300),
  })
  .strict();

/** A profile file that cannot be used; the message names the file and the field. */
export class ProfileError extends Error {
  override readonly name = "ProfileError";
}

/** Reads a YAML (or JSON) profile. */
export function parseProfile(text: string, sourceName = "profile"): EnvironmentProfile {
  let raw: unknown;
  const doc = parseDocument(text);
  const yamlError = doc.errors[0];
  if (yamlError) throw new ProfileError(`${sourceName}: not valid YAML: ${yamlError.message}`);
  raw = doc.toJS();
  // `version: 1.10` is a number to YAML; keep the digits as written (SWE-bench versions are text).
  const versionNode = isMap(doc.contents) ? doc.contents.get("version", true) : undefined;
  if (isScalar(versionNode) && typeof versionNode.value === "number" && versionNode.source) {
    raw = { ...(raw as Record<string, unknown>), version: versionNode.source };
  }
  const parsed = ProfileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") || "(profile)";
    const message =
      issue?.code === "unrecognized_keys"
        ? `unknown field ${issue.keys.join(", ")}`
        : `${field} ${issue?.message ?? "is invalid"}`;
    throw new ProfileError(`${sourceName}: ${message}`);
  }
  const p = parsed.data;
  return {
    repo: p.repo,
    ...(p.version !== undefined ? { version: p.version } : {}),
    aptPackages: [...p.apt_packages].sort(),
    env: p.env,
    install: p.install,
    testCmd: p.test_cmd,
    timeoutS: p.timeout_s,
  };
}

/** A profile as stored (JSON of {@link EnvironmentProfile}), checked again on the way out. */
export function profileFromJson(value: unknown, sourceName: string): EnvironmentProfile {
  const p = value as Partial<EnvironmentProfile> | null;
  return parseProfile(
    JSON.stringify({
      repo: p?.repo,
      ...(p?.version !== undefined ? { version: p.version } : {}),
      apt_packages: p?.aptPackages,
      env: p?.env,
      install: p?.install,
      test_cmd: p?.testCmd,
      timeout_s: p?.timeoutS,
    }),
    sourceName,
  );
}

/**
 * The default for a pytest project: Debian's pytest, and `PYTHONPATH=src` when the repository
 * has a `src/` layout (a package directory under src/).
 */
export function defaultProfile(repo: string, paths: readonly string[]): EnvironmentProfile {
  const srcLayout = paths.some((p) => /^src\/[^/]+\/__init__\.py$/.test(p) || /^src\/[^/]+\.py$/.test(p));
  return {
    repo,
    aptPackages: [],
    env: srcLayout ? { PYTHONPATH: "src" } : {},
    install: [],
    testCmd: "python3 -m pytest -p no:cacheprovider",
    timeoutS: 300,
  };
}

/** A stable hash of what changes test outcomes: environments and baselines are cached under it. */
export function profileHash(profile: EnvironmentProfile): string {
  const canonical = JSON.stringify({
    apt: profile.aptPackages,
    env: Object.entries(profile.env).sort(([a], [b]) => a.localeCompare(b)),
    install: profile.install,
    test: profile.testCmd,
    timeout: profile.timeoutS,
  });
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}
