import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { IngestError, IngestErrorCode } from "./errors.js";

/** A repository and where to mirror it from. */
export interface RepoSourceInput {
  repo: string;
  source: string;
}

const REPO_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const REMOTE = /^([a-z][a-z0-9+.-]*:\/\/|[^/\s]+@[^/\s]+:)/i;

/**
 * Reads `owner/name=SOURCE` (the CLI's --repo flag): SOURCE is a git URL or a local path
 * (a repository or a bundle), resolved against `cwd`.
 */
export function parseRepoFlag(value: string, cwd: string): RepoSourceInput {
  const eq = value.indexOf("=");
  if (eq <= 0 || eq === value.length - 1) {
    throw new IngestError(
      IngestErrorCode.BadInput,
      `--repo "${value}" must look like owner/name=<git URL or path>`,
    );
  }
  return checkRepoSource({ repo: value.slice(0, eq), source: value.slice(eq + 1) }, cwd);
}

/** Checks a repository name and its source; a local source must exist. Returns it resolved. */
export function checkRepoSource(input: RepoSourceInput, cwd: string): RepoSourceInput {
  if (!REPO_NAME.test(input.repo)) {
    throw new IngestError(
      IngestErrorCode.BadInput,
      `repository name "${input.repo}" must look like owner/name`,
    );
  }
  const source = input.source.trim();
  if (source === "")
    throw new IngestError(IngestErrorCode.BadInput, `repository ${input.repo} has an empty source`);
  if (REMOTE.test(source) && !source.startsWith("file://")) return { repo: input.repo, source };
  const path = resolve(cwd, source.replace(/^file:\/\//, ""));
  if (!existsSync(path)) {
    throw new IngestError(IngestErrorCode.BadInput, `source of ${input.repo} does not exist: ${path}`);
  }
  return { repo: input.repo, source: path };
}
