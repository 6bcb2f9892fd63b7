import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createFileRegistry, fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import {
  type ClientDuplexStream,
  credentials,
  type GrpcObject,
  loadPackageDefinition,
  type ServiceClientConstructor,
} from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { IngestService, SynthesisService } from "@tracegen/proto";
import { describe, expect, it, onTestFinished } from "vitest";
import { Code } from "./rpc-error.js";
import type { ServiceImpl } from "./service-impl.js";
import { ingestImpl, startServer, unimplemented } from "./test-harness.test-suite.js";

interface ReflectionResponse {
  listServicesResponse?: { service: { name: string }[] };
  fileDescriptorResponse?: { fileDescriptorProto: Buffer[] };
  errorResponse?: { errorCode: number; errorMessage: string };
}
type ReflectionRequest =
  | { listServices: string }
  | { fileContainingSymbol: string }
  | { fileByFilename: string };

// The reflection protos bundled with @grpc/reflection, loaded as a plain grpc-js client.
const reflectionRoot = join(
  dirname(createRequire(import.meta.url).resolve("@grpc/reflection/package.json")),
  "build/proto",
);
const reflectionPackage = loadPackageDefinition(
  loadSync(["grpc/reflection/v1/reflection.proto", "grpc/reflection/v1alpha/reflection.proto"], {
    includeDirs: [reflectionRoot],
  }),
);

function reflectionClient(address: string, version: "v1" | "v1alpha") {
  const grpc = reflectionPackage.grpc as GrpcObject;
  const reflection = (grpc.reflection as GrpcObject)[version] as GrpcObject;
  const Client = reflection.ServerReflection as ServiceClientConstructor;
  const client = new Client(address, credentials.createInsecure());
  onTestFinished(() => client.close());
  return async (request: ReflectionRequest): Promise<ReflectionResponse> => {
    const stream = (
      client.ServerReflectionInfo as () => ClientDuplexStream<ReflectionRequest, ReflectionResponse>
    )();
    const response = new Promise<ReflectionResponse>((resolve, reject) => {
      stream.once("data", resolve);
      stream.once("error", reject);
    });
    stream.write(request);
    stream.end();
    return response;
  };
}

// Only the descriptors matter here; no method is called.
const ingest = ingestImpl();
const synthesis: ServiceImpl<typeof SynthesisService> = {
  synthesize: () => ({ [Symbol.asyncIterator]: () => ({ next: unimplemented }) }),
  listCandidates: unimplemented,
};

function serve() {
  return startServer({
    services: [
      { service: IngestService, impl: ingest },
      { service: SynthesisService, impl: synthesis },
    ],
  });
}

describe.each(["v1", "v1alpha"] as const)("server reflection %s", (version) => {
  it("lists the app's services and the health service", async () => {
    const { address } = await serve();
    const reflect = reflectionClient(address, version);

    const response = await reflect({ listServices: "*" });
    const names = response.listServicesResponse?.service.map((service) => service.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "tracegen.v1.IngestService",
        "tracegen.v1.SynthesisService",
        "grpc.health.v1.Health",
      ]),
    );
  });

  it("returns a service's file with its imports, complete enough to describe and call it", async () => {
    const { address } = await serve();
    const reflect = reflectionClient(address, version);

    const response = await reflect({ fileContainingSymbol: "tracegen.v1.IngestService" });
    const files = (response.fileDescriptorResponse?.fileDescriptorProto ?? []).map((bytes) =>
      fromBinary(FileDescriptorProtoSchema, bytes),
    );
    expect(files[0]?.name).toBe("tracegen/v1/ingest.proto");
    expect(files[0]?.dependency).toEqual(["tracegen/v1/common.proto"]);
    expect(files.map((file) => file.name).sort()).toEqual([
      "google/protobuf/timestamp.proto",
      "tracegen/v1/common.proto",
      "tracegen/v1/ingest.proto",
    ]);
    // What grpcurl does with them: link the service's file, resolving every import by name.
    const [serviceFile] = files;
    const registry = createFileRegistry(serviceFile!, (name) => files.find((file) => file.name === name));
    expect(registry.getService("tracegen.v1.IngestService")?.methods.map((m) => m.name)).toEqual([
      "ImportSeeds",
      "GetSeed",
      "ListSeeds",
      "GetTrace",
    ]);
    expect(registry.getMessage("tracegen.v1.Seed")?.field.importedAt?.message?.typeName).toBe(
      "google.protobuf.Timestamp",
    );
  });

  it("serves imports by file name, and a linkable file for the health service", async () => {
    const { address } = await serve();
    const reflect = reflectionClient(address, version);

    const timestamp = await reflect({ fileByFilename: "google/protobuf/timestamp.proto" });
    const [file] = timestamp.fileDescriptorResponse?.fileDescriptorProto ?? [];
    expect(fromBinary(FileDescriptorProtoSchema, file!).messageType.map((m) => m.name)).toEqual([
      "Timestamp",
    ]);

    const health = await reflect({ fileContainingSymbol: "grpc.health.v1.Health" });
    const [healthBytes] = health.fileDescriptorResponse?.fileDescriptorProto ?? [];
    const healthFile = fromBinary(FileDescriptorProtoSchema, healthBytes!);
    expect(healthFile.name).toBe("grpc/health/v1/health.proto");
    const healthService = createFileRegistry(healthFile, () => undefined).getService("grpc.health.v1.Health");
    expect(healthService?.methods.map((m) => [m.name, m.methodKind])).toEqual([
      ["Check", "unary"],
      ["Watch", "server_streaming"],
      ["List", "unary"],
    ]);

    const missing = await reflect({ fileContainingSymbol: "tracegen.v1.Nope" });
    expect(missing.errorResponse?.errorCode).toBe(Code.NotFound);
  });
});
