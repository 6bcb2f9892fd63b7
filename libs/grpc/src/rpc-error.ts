/**
 * gRPC status codes, with the numbers of the wire protocol. `OK` is left out: an error always
 * carries a failure code.
 */
export enum Code {
  Canceled = 1,
  Unknown = 2,
  InvalidArgument = 3,
  DeadlineExceeded = 4,
  NotFound = 5,
  AlreadyExists = 6,
  PermissionDenied = 7,
  ResourceExhausted = 8,
  FailedPrecondition = 9,
  Aborted = 10,
  OutOfRange = 11,
  Unimplemented = 12,
  Internal = 13,
  Unavailable = 14,
  DataLoss = 15,
  Unauthenticated = 16,
}

/**
 * The one error that crosses the gRPC boundary. On the server, throwing it is the deliberate
 * way to send a status and message to the client (anything else becomes INTERNAL); on the
 * client, every failed call rejects with it.
 */
export class RpcError extends Error {
  override readonly name = "RpcError";

  /**
   * @param code the status sent to (or received from) the peer.
   * @param message the status details, shown to the client as is.
   */
  constructor(
    readonly code: Code,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
