import type { DescMethod } from "@bufbuild/protobuf";
import type { Deadline, Metadata } from "@grpc/grpc-js";
import type { Logger } from "@tracegen/log";
import { Code, RpcError } from "./rpc-error.js";
import { methodPath } from "./serialization.js";

/** What a handler knows about the call it serves. */
export interface CallContext {
  /** Aborted when the client cancels or the deadline passes; the reason is an {@link RpcError}. */
  readonly signal: AbortSignal;
  /** When the client stops waiting, if it set a deadline. */
  readonly deadline: Date | undefined;
  /** The request metadata (headers). */
  readonly metadata: Metadata;
  /** A child logger bound to the method (`rpc: "/pkg.Service/Method"`). */
  readonly logger: Logger;
}

/** A {@link CallContext} plus the cleanup to run when the handler is done. */
export interface CallScope {
  readonly context: CallContext;
  /** Detaches listeners and timers; the signal is left as it is. */
  close(): void;
}

/** The part of a grpc-js server call (of any kind) that the context needs. */
interface SurfaceCall {
  readonly cancelled: boolean;
  readonly metadata: Metadata;
  getDeadline(): Deadline;
  on(event: "cancelled", listener: () => void): unknown;
  off(event: "cancelled", listener: () => void): unknown;
}

// setTimeout fires at once for delays that do not fit in 32 bits; such deadlines are "never".
const maxTimerDelay = 2 ** 31 - 1;

/** Opens the context of one server call: wires cancel and deadline to an AbortSignal. */
export function openCallScope(call: SurfaceCall, method: DescMethod, logger: Logger): CallScope {
  const controller = new AbortController();
  const deadline = toDate(call.getDeadline());
  const expire = () => controller.abort(new RpcError(Code.DeadlineExceeded, "deadline exceeded"));
  // grpc-js reports its own deadline timer as a cancel, so a cancel past the deadline is an expiry.
  const onCancel = () =>
    deadline !== undefined && Date.now() >= deadline.getTime()
      ? expire()
      : controller.abort(new RpcError(Code.Canceled, "call cancelled by the client"));
  call.on("cancelled", onCancel);
  if (call.cancelled) onCancel();
  let timer: NodeJS.Timeout | undefined;
  if (deadline !== undefined) {
    const delay = Math.max(0, deadline.getTime() - Date.now());
    if (delay <= maxTimerDelay) {
      timer = setTimeout(expire, delay);
    }
  }
  return {
    context: {
      signal: controller.signal,
      deadline,
      metadata: call.metadata,
      logger: logger.child({ rpc: methodPath(method) }),
    },
    close() {
      clearTimeout(timer);
      call.off("cancelled", onCancel);
    },
  };
}

function toDate(deadline: Date | number): Date | undefined {
  if (deadline instanceof Date) return deadline;
  return Number.isFinite(deadline) ? new Date(deadline) : undefined;
}
