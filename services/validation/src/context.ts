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
  constructor(
    readonly code: "NOT_FOUND" | "BAD_INPUT" | "ENVIRONMENT",
    message: string,
  ) {
    super(message);
  }
}
