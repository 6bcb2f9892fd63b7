import { Writable } from "node:stream";
import type { DescService } from "@bufbuild/protobuf";
import { createLogger, type Logger } from "@tracegen/log";
import type { IngestService } from "@tracegen/proto";
import { onTestFinished } from "vitest";
import { type ClientFor, createGrpcClient, type GrpcClientOptions } from "./grpc-client.js";
import { createGrpcServer, type GrpcServer, type GrpcServerOptions } from "./grpc-server.js";
import { Code, RpcError } from "./rpc-error.js";
import type { ServiceImpl } from "./service-impl.js";

/** A server listening on 127.0.0.1 (random port), shut down when the current test finishes. */
export async function startServer<const T extends readonly DescService[]>(
  options: GrpcServerOptions<T>,
): Promise<{ server: GrpcServer; address: string }> {
  const server = createGrpcServer(options);
  onTestFinished(() => server.shutdown(1_000));
  const port = await server.listen("127.0.0.1", 0);
  return { server, address: `127.0.0.1:${port}` };
}

/** A client closed when the current test finishes. */
export function connect<S extends DescService>(
  service: S,
  address: string,
  options?: GrpcClientOptions,
): ClientFor<S> {
  const client = createGrpcClient(service, address, options);
  onTestFinished(() => client.close());
  return client;
}

/** A debug-level logger whose JSON lines are kept in memory for assertions. */
export function captureLogs(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      raw.push(chunk.toString());
      callback();
    },
  });
  const logger = createLogger({ name: "grpc-test", level: "debug", destination });
  return { logger, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** A promise with its resolve function, for handlers that report what they saw. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A handler body for methods a test does not call. */
export async function unimplemented(): Promise<never> {
  throw new RpcError(Code.Unimplemented, "not in this test");
}

/** An IngestService whose methods are UNIMPLEMENTED unless a test overrides them. */
export function ingestImpl(
  overrides: Partial<ServiceImpl<typeof IngestService>> = {},
): ServiceImpl<typeof IngestService> {
  return {
    importSeeds: unimplemented,
    getSeed: unimplemented,
    listSeeds: unimplemented,
    getTrace: unimplemented,
    ...overrides,
  };
}
