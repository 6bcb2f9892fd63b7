import type { DescService } from "@bufbuild/protobuf";
import { Server, ServerCredentials, type ServerOptions } from "@grpc/grpc-js";
import { type Logger, silentLogger } from "@tracegen/log";
import { HealthImplementation, type ServingStatus } from "grpc-health-check";
import { createReflection } from "./reflection.js";
import { toGrpcService } from "./service-definition.js";
import type { ServiceEntry } from "./service-impl.js";

/** Options for {@link createGrpcServer}. */
export interface GrpcServerOptions<T extends readonly DescService[]> {
  /** The services to serve, each with its implementation: `[{ service: IngestService, impl }]`. */
  services: { [K in keyof T]: ServiceEntry<T[K]> };
  /** Handler failures and per-call debug lines go here; defaults to a silent logger. */
  logger?: Logger | undefined;
  /** Serve gRPC server reflection (v1 and v1alpha); default true. */
  reflection?: boolean | undefined;
  /** Passed to the grpc-js Server, e.g. message size limits. */
  serverOptions?: ServerOptions | undefined;
  /** Defaults to plaintext (insecure) credentials. */
  credentials?: ServerCredentials | undefined;
}

/** A running (or runnable) gRPC server; see {@link createGrpcServer}. */
export interface GrpcServer {
  /** Binds `host:port` and starts serving; resolves with the bound port (useful with port 0). */
  listen(host: string, port: number): Promise<number>;
  /** Sets NOT_SERVING, lets calls finish for up to `graceMs` (default 10 s), then cuts the rest. */
  shutdown(graceMs?: number): Promise<void>;
  /** Sets the `grpc.health.v1` status of one service name ("" is the whole server). */
  setServingStatus(service: string, status: ServingStatus): void;
}

/**
 * Builds a grpc-js server for protobuf-es services, with `grpc.health.v1` (every service and ""
 * SERVING once listening, NOT_SERVING on shutdown) and server reflection for grpcurl.
 */
export function createGrpcServer<const T extends readonly DescService[]>(
  options: GrpcServerOptions<T>,
): GrpcServer {
  const logger = options.logger ?? silentLogger();
  const entries: readonly ServiceEntry[] = options.services;
  // channelz off unless asked for: its per-call bookkeeping serves no channelz service here.
  const server = new Server({ "grpc.enable_channelz": 0, ...options.serverOptions });
  for (const { service, impl } of entries) {
    const { definition, handlers } = toGrpcService(service, impl, logger);
    server.addService(definition, handlers);
  }
  const names = ["", ...entries.map((entry) => entry.service.typeName)];
  const health = new HealthImplementation();
  health.addToServer(server);
  if (options.reflection ?? true) {
    createReflection(entries.map((entry) => entry.service)).addToServer(server);
  }
  const setAll = (status: ServingStatus) => {
    for (const name of names) health.setStatus(name, status);
  };
  return {
    async listen(host, port) {
      const address = host.includes(":") && !host.startsWith("[") ? `[${host}]:${port}` : `${host}:${port}`;
      const credentials = options.credentials ?? ServerCredentials.createInsecure();
      const bound = await new Promise<number>((resolve, reject) => {
        server.bindAsync(address, credentials, (error, boundPort) =>
          error ? reject(error) : resolve(boundPort),
        );
      });
      setAll("SERVING");
      logger.info({ host, port: bound, services: names.slice(1) }, "grpc server listening");
      return bound;
    },
    async shutdown(graceMs = 10_000) {
      setAll("NOT_SERVING");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          logger.warn({ graceMs }, "grpc calls still running after the grace period; cutting them");
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    setServingStatus(service, status) {
      health.setStatus(service, status);
    },
  };
}
