/**
 * gRPC for protobuf-es services over @grpc/grpc-js: descriptor-typed handlers with a per-call
 * context, health and reflection on every server, and promise clients with deadlines.
 */

export type { ServingStatus } from "grpc-health-check";
export type { CallContext } from "./call-context.js";
export type { CallOptions } from "./client-calls.js";
export { type ErrorStatus, errorToStatus } from "./error-status.js";
export { type ClientFor, createGrpcClient, type GrpcClientOptions } from "./grpc-client.js";
export { createGrpcServer, type GrpcServer, type GrpcServerOptions } from "./grpc-server.js";
export { Code, RpcError } from "./rpc-error.js";
export type { MethodImpl, ServiceEntry, ServiceImpl } from "./service-impl.js";
