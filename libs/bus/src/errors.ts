/** Why a bus operation failed. */
export type BusErrorCode =
  | "CONNECT_FAILED"
  | "STREAM_SETUP_FAILED"
  | "CONSUMER_SETUP_FAILED"
  | "PUBLISH_FAILED"
  | "INVALID_OPTIONS"
  | "CLOSED";

/** The one error the bus raises; `cause` holds the transport's error when there is one. */
export class BusError extends Error {
  override readonly name = "BusError";
  constructor(
    readonly code: BusErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Thrown by a handler to have the message redelivered after `delayMs` (a nak with delay). */
export class RetryLater extends Error {
  override readonly name = "RetryLater";
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}

/** Thrown by a handler for a message that can never succeed: it is terminated, not redelivered. */
export class Poison extends Error {
  override readonly name = "Poison";
}
