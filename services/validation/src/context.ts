import type { Schema } from "@tracegen/db";
import type { Logger } from "@tracegen/log";
import type { Sandbox } from "@tracegen/sandbox";
import type { Kysely } from "kysely";
import type { BlobStore } from "./blob-store.js";

/** What every validation step works with. */
export interface ValidationContext {
  db: Kysely<Schema>;
  sandbox: Sandbox;
  blobs: BlobStore;
  /** Where environments (exported repositories) and scratch copies live. */
  workDir: string;
  logger: Logger;
}

/** The one error class of the validation service. */
export class ValidationError extends Error {
  override readonly name = "ValidationError";
  /** For an environment that failed to prepare: its id and the blob address of its log. */
  readonly environmentId: string | undefined;
  readonly logRef: string | undefined;
  constructor(
    readonly code: "NOT_FOUND" | "BAD_INPUT" | "ENVIRONMENT",
    message: string,
    about: { environmentId?: string; logRef?: string | null } = {},
  ) {
    super(message);
    this.environmentId = about.environmentId;
    this.logRef = about.logRef ?? undefined;
  }
}
