import { GitError, GitErrorCode } from "./git-error.js";

const PREFIX = /^[0-9a-fA-F]{4,64}$/;
const FULL = /^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/;

/** Throws INVALID_ARGUMENT unless `rev` is 4 to 64 hex digits (a full id or a prefix). */
export function assertObjectPrefix(rev: string): void {
  if (!PREFIX.test(rev)) {
    throw new GitError(GitErrorCode.INVALID_ARGUMENT, `not a hex object id: ${JSON.stringify(rev)}`);
  }
}

/** Throws INVALID_ARGUMENT unless `id` is a full SHA-1 or SHA-256 object id. */
export function assertFullObjectId(id: string): void {
  if (!FULL.test(id)) {
    throw new GitError(GitErrorCode.INVALID_ARGUMENT, `not a full object id: ${JSON.stringify(id)}`);
  }
}
