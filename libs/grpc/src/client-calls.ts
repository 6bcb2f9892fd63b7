import { create, type DescMethod, type Message } from "@bufbuild/protobuf";
import {
  type Client,
  type ClientReadableStream,
  type ClientUnaryCall,
  Metadata,
  type ServiceError,
} from "@grpc/grpc-js";
import { pumpRequests } from "./request-pump.js";
import { Code, RpcError } from "./rpc-error.js";
import { deserializer, methodPath, serializer } from "./serialization.js";

/** Per-call options of a client method. */
export interface CallOptions {
  /** Milliseconds until the call fails with DEADLINE_EXCEEDED; defaults to the client's. */
  deadlineMs?: number | undefined;
  /** Aborting it cancels the call, which then fails with CANCELED. */
  signal?: AbortSignal | undefined;
  /** Request metadata (headers). */
  metadata?: Metadata | Record<string, string> | undefined;
}

/** What every call of one method needs: the channel, the method and the default deadline. */
export interface CallTarget {
  client: Client;
  method: DescMethod;
  defaultDeadlineMs: number;
}

/** Makes a unary or client-streaming call; resolves with the single response. */
export function callForResponse(
  target: CallTarget,
  input: unknown,
  options: CallOptions = {},
): Promise<Message> {
  const { client, method } = target;
  const [path, serialize, deserialize, metadata, callOptions] = callArgs(target, options);
  // Only a request stream needs to learn that the call ended; aborting a controller builds a
  // DOMException with a stack trace, a measurable part of a sub-millisecond unary call.
  const ended = method.methodKind === "unary" ? undefined : new AbortController();
  let sourceError: { error: unknown } | undefined;
  return new Promise<Message>((resolve, reject) => {
    const done = (error: ServiceError | null, response?: Message) => {
      options.signal?.removeEventListener("abort", cancel);
      ended?.abort();
      if (sourceError) reject(sourceError.error);
      else if (error || !response) reject(toRpcError(error));
      else resolve(response);
    };
    let call: ClientUnaryCall;
    if (method.methodKind === "unary") {
      const request = create(method.input, input as never);
      call = client.makeUnaryRequest(path, serialize, deserialize, request, metadata, callOptions, done);
    } else {
      const sink = client.makeClientStreamRequest(path, serialize, deserialize, metadata, callOptions, done);
      void pumpRequests(method.input, input as AsyncIterable<unknown>, sink, ended!.signal).then((failed) => {
        sourceError = failed;
        if (failed) sink.cancel();
      });
      call = sink;
    }
    function cancel() {
      call.cancel();
    }
    if (options.signal?.aborted) cancel();
    else options.signal?.addEventListener("abort", cancel, { once: true });
  });
}

/** Makes a server-streaming or bidi call; the call starts on the first iteration. */
export async function* callForStream(
  target: CallTarget,
  input: unknown,
  options: CallOptions = {},
): AsyncGenerator<Message> {
  const { client, method } = target;
  const [path, serialize, deserialize, metadata, callOptions] = callArgs(target, options);
  const ended = new AbortController();
  let sourceError: { error: unknown } | undefined;
  let call: ClientReadableStream<Message>;
  if (method.methodKind === "server_streaming") {
    const request = create(method.input, input as never);
    call = client.makeServerStreamRequest(path, serialize, deserialize, request, metadata, callOptions);
  } else {
    const duplex = client.makeBidiStreamRequest(path, serialize, deserialize, metadata, callOptions);
    void pumpRequests(method.input, input as AsyncIterable<unknown>, duplex, ended.signal).then((failed) => {
      sourceError = failed;
      if (failed) duplex.cancel();
    });
    call = duplex;
  }
  // The iterator reports errors while it runs; once the consumer has stopped, a late error
  // (our own cancel below) would otherwise be an uncaught 'error' event.
  call.on("error", () => undefined);
  const cancel = () => call.cancel();
  if (options.signal?.aborted) cancel();
  else options.signal?.addEventListener("abort", cancel, { once: true });
  try {
    for await (const message of call.iterator({ destroyOnReturn: false })) yield message as Message;
  } catch (error) {
    throw sourceError ? sourceError.error : toRpcError(error);
  } finally {
    options.signal?.removeEventListener("abort", cancel);
    ended.abort();
    // A no-op once the status is in; otherwise the consumer stopped early and the call must end.
    call.cancel();
  }
}

function callArgs(target: CallTarget, options: CallOptions) {
  const { method } = target;
  const deadline = new Date(Date.now() + (options.deadlineMs ?? target.defaultDeadlineMs));
  return [
    methodPath(method),
    serializer(method.input),
    deserializer(method.output),
    toMetadata(options.metadata),
    { deadline },
  ] as const;
}

function toMetadata(metadata: CallOptions["metadata"]): Metadata {
  if (metadata instanceof Metadata) return metadata;
  const result = new Metadata();
  for (const [key, value] of Object.entries(metadata ?? {})) result.set(key, value);
  return result;
}

/** Maps a grpc-js call error to an {@link RpcError} with the status code and details. */
function toRpcError(error: unknown): RpcError {
  const { code, details } = (error ?? {}) as Partial<ServiceError>;
  if (typeof code === "number" && code in Code) {
    return new RpcError(code as number as Code, details ?? "", { cause: error });
  }
  const message = error instanceof Error ? error.message : "call ended without a response";
  return new RpcError(Code.Unknown, message, { cause: error });
}
