import type { Logger } from "@tracegen/log";
import { Code, RpcError } from "./rpc-error.js";

/** A gRPC status to send: the code and the details string the client will see. */
export interface ErrorStatus {
  code: Code;
  details: string;
}

/** The details sent for every error that is not an {@link RpcError}. */
export const internalErrorDetails = "internal error";

/**
 * Maps a value thrown by a handler to the status sent to the client. An {@link RpcError}
 * keeps its code and message; anything else becomes INTERNAL with a generic message, and the
 * real error is logged here, so internal details never leak to clients.
 */
export function errorToStatus(error: unknown, logger: Logger): ErrorStatus {
  if (error instanceof RpcError) {
    return { code: error.code, details: error.message };
  }
  logger.error({ err: error }, "handler failed");
  return { code: Code.Internal, details: internalErrorDetails };
}
