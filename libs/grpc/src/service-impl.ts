import type {
  DescMessage,
  DescMethod,
  DescService,
  MessageInitShape,
  MessageShape,
} from "@bufbuild/protobuf";
import type { CallContext } from "./call-context.js";

/** A unary handler: one request, one response. */
export type UnaryImpl<I extends DescMessage, O extends DescMessage> = (
  request: MessageShape<I>,
  context: CallContext,
) => Promise<MessageInitShape<O>>;

/** A server-streaming handler: one request, a stream of responses. */
export type ServerStreamingImpl<I extends DescMessage, O extends DescMessage> = (
  request: MessageShape<I>,
  context: CallContext,
) => AsyncIterable<MessageInitShape<O>>;

/** A client-streaming handler: a stream of requests, one response. */
export type ClientStreamingImpl<I extends DescMessage, O extends DescMessage> = (
  requests: AsyncIterable<MessageShape<I>>,
  context: CallContext,
) => Promise<MessageInitShape<O>>;

/** A bidi-streaming handler: a stream of requests, a stream of responses. */
export type BiDiStreamingImpl<I extends DescMessage, O extends DescMessage> = (
  requests: AsyncIterable<MessageShape<I>>,
  context: CallContext,
) => AsyncIterable<MessageInitShape<O>>;

/** The handler type of one method, chosen by its kind and typed by its messages. */
export type MethodImpl<M extends DescMethod> = M extends { methodKind: "unary" }
  ? UnaryImpl<M["input"], M["output"]>
  : M extends { methodKind: "server_streaming" }
    ? ServerStreamingImpl<M["input"], M["output"]>
    : M extends { methodKind: "client_streaming" }
      ? ClientStreamingImpl<M["input"], M["output"]>
      : M extends { methodKind: "bidi_streaming" }
        ? BiDiStreamingImpl<M["input"], M["output"]>
        : never;

/**
 * The implementation of a service, typed from its descriptor: `ServiceImpl<typeof IngestService>`.
 * Every method is required; keys are the methods' local names (`importSeeds`).
 */
export type ServiceImpl<S extends DescService> = {
  [K in keyof S["method"]]: MethodImpl<S["method"][K]>;
};

/** A service descriptor and its implementation, as registered with the server. */
export interface ServiceEntry<S extends DescService = DescService> {
  service: S;
  impl: ServiceImpl<S>;
}
