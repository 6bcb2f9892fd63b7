import { once } from "node:events";
import { create, type DescMethod, type Message } from "@bufbuild/protobuf";
import type {
  ServerDuplexStream,
  ServerReadableStream,
  ServerUnaryCall,
  ServerWritableStream,
  StatusObject,
  sendUnaryData,
  UntypedHandleCall,
} from "@grpc/grpc-js";
import type { Logger } from "@tracegen/log";
import { abortable } from "./abortable.js";
import { type CallScope, openCallScope } from "./call-context.js";
import { type ErrorStatus, errorToStatus } from "./error-status.js";

type Call = ServerUnaryCall<Message, Message>;
type RequestStream = ServerReadableStream<Message, Message> | ServerDuplexStream<Message, Message>;
type ResponseStream = ServerWritableStream<Message, Message> | ServerDuplexStream<Message, Message>;
// The handler, with its types erased: the descriptor-typed ServiceImpl guarantees the shapes.
type AnyImpl = (input: unknown, context: CallScope["context"]) => unknown;

/**
 * Adapts a promise/async-iterable handler to the grpc-js callback API for its method kind.
 * The returned grpc-js handler never throws and never leaves a call unanswered: every
 * outcome ends in exactly one status, unless the call is already over (cancel or deadline),
 * in which case nothing more is written.
 */
export function adaptHandler(method: DescMethod, impl: AnyImpl, logger: Logger): UntypedHandleCall {
  // `output` runs the handler; it is called inside the responders' try, so a sync throw is caught too.
  const run = (call: Call | RequestStream | ResponseStream, input: () => unknown) => {
    const scope = openCallScope(call, method, logger);
    return { scope, output: () => impl(input(), scope.context) };
  };
  switch (method.methodKind) {
    case "unary":
      return (call: Call, callback: sendUnaryData<Message>) => {
        const { scope, output } = run(call, () => call.request);
        void respondOnce(method, scope, output, callback);
      };
    case "client_streaming":
      return (call: ServerReadableStream<Message, Message>, callback: sendUnaryData<Message>) => {
        const { scope, output } = run(call, () => requests(call));
        void respondOnce(method, scope, output, callback);
      };
    case "server_streaming":
      return (call: ServerWritableStream<Message, Message>) => {
        const { scope, output } = run(call, () => call.request);
        void respondStream(method, scope, output, call);
      };
    case "bidi_streaming":
      return (call: ServerDuplexStream<Message, Message>) => {
        const { scope, output } = run(call, () => requests(call));
        void respondStream(method, scope, output, call);
      };
  }
}

/** The request stream as an AsyncIterable that leaves the call open when the handler stops reading. */
function requests(call: RequestStream): AsyncIterable<Message> {
  return { [Symbol.asyncIterator]: () => call.iterator({ destroyOnReturn: false }) };
}

async function respondOnce(
  method: DescMethod,
  scope: CallScope,
  output: () => unknown,
  callback: sendUnaryData<Message>,
): Promise<void> {
  const { signal, logger } = scope.context;
  try {
    const response = create(method.output, (await abortable(Promise.resolve(output()), signal)) as never);
    if (!signal.aborted) callback(null, response);
  } catch (error) {
    if (signal.aborted) logger.debug({ reason: String(signal.reason) }, "call ended before the handler");
    else callback(toServerError(errorToStatus(error, logger)));
  } finally {
    scope.close();
  }
}

async function respondStream(
  method: DescMethod,
  scope: CallScope,
  output: () => unknown,
  call: ResponseStream,
): Promise<void> {
  const { signal, logger } = scope.context;
  let iterator: AsyncIterator<unknown> | undefined;
  let done = false;
  try {
    iterator = (output() as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    for (;;) {
      const next = await abortable(iterator.next(), signal);
      if (next.done) break;
      if (!call.write(create(method.output, next.value as never))) await once(call, "drain", { signal });
    }
    done = true;
    call.end();
  } catch (error) {
    if (signal.aborted) logger.debug({ reason: String(signal.reason) }, "call ended before the handler");
    else call.emit("error", toServerError(errorToStatus(error, logger)));
  } finally {
    scope.close();
    // Stops a handler that is still producing (it ignored the signal, or failed mid-way).
    if (!done) iterator?.return?.().catch(() => undefined);
  }
}

// Code mirrors grpc-js' Status number for number; only the enum types differ.
function toServerError(status: ErrorStatus): Partial<StatusObject> {
  return { code: status.code as number, details: status.details };
}
