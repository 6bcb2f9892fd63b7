import type { DescService, Message } from "@bufbuild/protobuf";
import type { MethodDefinition, ServiceDefinition, UntypedServiceImplementation } from "@grpc/grpc-js";
import type { Logger } from "@tracegen/log";
import { deserializer, methodPath, serializer } from "./serialization.js";
import { adaptHandler } from "./server-handlers.js";
import type { ServiceImpl } from "./service-impl.js";

/** A protobuf-es service turned into the definition and handlers that grpc-js `addService` takes. */
export interface GrpcService {
  definition: ServiceDefinition;
  handlers: UntypedServiceImplementation;
}

/**
 * Builds the grpc-js service for `service`, keyed by the proto method names, with protobuf-es
 * binary (de)serialization and the handlers of `impl` adapted to grpc-js.
 */
export function toGrpcService<S extends DescService>(
  service: S,
  impl: ServiceImpl<S>,
  logger: Logger,
): GrpcService {
  const definition: Record<string, MethodDefinition<Message, Message>> = {};
  const handlers: UntypedServiceImplementation = {};
  const methods = impl as Record<string, unknown>;
  for (const method of service.methods) {
    const handler = methods[method.localName];
    if (typeof handler !== "function") {
      throw new Error(`${service.typeName}: no handler for ${method.name} (${method.localName})`);
    }
    definition[method.name] = {
      path: methodPath(method),
      requestStream: method.methodKind === "client_streaming" || method.methodKind === "bidi_streaming",
      responseStream: method.methodKind === "server_streaming" || method.methodKind === "bidi_streaming",
      requestSerialize: serializer(method.input),
      requestDeserialize: deserializer(method.input),
      responseSerialize: serializer(method.output),
      responseDeserialize: deserializer(method.output),
      originalName: method.localName,
    };
    handlers[method.name] = adaptHandler(method, handler.bind(impl), logger);
  }
  return { definition, handlers };
}
