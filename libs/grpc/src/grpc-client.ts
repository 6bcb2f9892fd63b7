import type {
  DescMessage,
  DescMethod,
  DescService,
  MessageInitShape,
  MessageShape,
} from "@bufbuild/protobuf";
import { type ChannelCredentials, type ChannelOptions, Client, credentials } from "@grpc/grpc-js";
import { type CallOptions, callForResponse, callForStream } from "./client-calls.js";

/** Options for {@link createGrpcClient}. */
export interface GrpcClientOptions {
  /** Deadline of calls that set none; default 30 s. Every call has a deadline. */
  defaultDeadlineMs?: number | undefined;
  /** grpc-js channel options, e.g. keepalive or message size limits. */
  channelOptions?: ChannelOptions | undefined;
  /** Defaults to plaintext (insecure) credentials. */
  credentials?: ChannelCredentials | undefined;
}

/** The client method of one RPC, chosen by its kind and typed by its messages. */
export type ClientMethod<M extends DescMethod> = M extends { methodKind: "unary" }
  ? (request: MessageInitShape<M["input"]>, options?: CallOptions) => Promise<MessageShape<M["output"]>>
  : M extends { methodKind: "server_streaming" }
    ? (
        request: MessageInitShape<M["input"]>,
        options?: CallOptions,
      ) => AsyncIterable<MessageShape<M["output"]>>
    : M extends { methodKind: "client_streaming" }
      ? (
          requests: AsyncIterable<Init<M["input"]>>,
          options?: CallOptions,
        ) => Promise<MessageShape<M["output"]>>
      : M extends { methodKind: "bidi_streaming" }
        ? (
            requests: AsyncIterable<Init<M["input"]>>,
            options?: CallOptions,
          ) => AsyncIterable<MessageShape<M["output"]>>
        : never;

type Init<D extends DescMessage> = MessageInitShape<D>;

/**
 * A promise client for service `S`: one method per RPC under its local name (`importSeeds`),
 * plus `close()`. Failed calls reject (or, for streams, throw while iterating) with an RpcError.
 */
export type ClientFor<S extends DescService> = {
  [K in keyof S["method"]]: ClientMethod<S["method"][K]>;
} & {
  /** Closes the channel: later calls fail with UNAVAILABLE; calls already started run to their end. */
  close(): void;
};

/**
 * Creates a client for `service` at `address` ("host:port"). Every call carries a deadline:
 * its own `deadlineMs` or the client's default.
 */
export function createGrpcClient<S extends DescService>(
  service: S,
  address: string,
  options: GrpcClientOptions = {},
): ClientFor<S> {
  const client = new Client(address, options.credentials ?? credentials.createInsecure(), {
    // channelz keeps per-call statistics for a channelz service nobody here serves: ~5% of a
    // sub-millisecond call (pass 1 to have it back).
    "grpc.enable_channelz": 0,
    ...options.channelOptions,
  });
  const defaultDeadlineMs = options.defaultDeadlineMs ?? 30_000;
  const methods: Record<string, unknown> = {
    close: () => client.close(),
  };
  for (const method of service.methods) {
    if (method.localName in methods) {
      throw new Error(
        `${service.typeName}: method ${method.name} clashes with the client's ${method.localName}()`,
      );
    }
    const target = { client, method, defaultDeadlineMs };
    const single = method.methodKind === "unary" || method.methodKind === "client_streaming";
    methods[method.localName] = single
      ? (input: unknown, callOptions?: CallOptions) => callForResponse(target, input, callOptions)
      : (input: unknown, callOptions?: CallOptions) => callForStream(target, input, callOptions);
  }
  return methods as ClientFor<S>;
}
