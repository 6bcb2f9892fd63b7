import { once } from "node:events";
import { create, type DescMessage, type Message } from "@bufbuild/protobuf";
import type { ClientDuplexStream, ClientWritableStream } from "@grpc/grpc-js";
import { abortable } from "./abortable.js";

/** The writable half of a client-streaming or bidi grpc-js call. */
export type RequestSink = ClientWritableStream<Message> | ClientDuplexStream<Message, Message>;

/**
 * Writes `requests` to the call with backpressure, then half-closes it. Stops reading the
 * source when `signal` aborts (the call is over). Resolves with the source's error, if it threw,
 * so the caller can cancel the call and report that error rather than CANCELED.
 */
export async function pumpRequests(
  schema: DescMessage,
  requests: AsyncIterable<unknown>,
  sink: RequestSink,
  signal: AbortSignal,
): Promise<{ error: unknown } | undefined> {
  const iterator = requests[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await abortable(iterator.next(), signal);
      if (next.done) break;
      if (!sink.write(create(schema, next.value as never))) await once(sink, "drain", { signal });
    }
    sink.end();
    return undefined;
  } catch (error) {
    if (signal.aborted) {
      iterator.return?.().catch(() => undefined);
      return undefined;
    }
    return { error };
  }
}
