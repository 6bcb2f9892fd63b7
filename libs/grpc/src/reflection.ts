import { create, type DescFile, type DescService, toBinary } from "@bufbuild/protobuf";
import {
  type FileDescriptorProto,
  FileDescriptorProtoSchema,
  FileDescriptorSetSchema,
} from "@bufbuild/protobuf/wkt";
import {
  type AnyDefinition,
  loadFileDescriptorSetFromBuffer,
  type PackageDefinition,
  type ServiceDefinition,
} from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";
import { healthFileDescriptor, healthServiceName } from "./health-descriptor.js";

/**
 * Builds gRPC server reflection (v1 and v1alpha) for `services` and the health service, from
 * the protobuf-es file descriptors of each service's file and all its imports (well-known
 * types included), so `grpcurl list`, `describe` and calls work without .proto files.
 */
export function createReflection(services: readonly DescService[]): ReflectionService {
  const files = [...filesOf(services), healthFileDescriptor];
  const set = create(FileDescriptorSetSchema, { file: files });
  const loaded = loadFileDescriptorSetFromBuffer(Buffer.from(toBinary(FileDescriptorSetSchema, set)));
  // proto-loader merges the files of one package and drops their imports (grpc/grpc-node#2595);
  // grpcurl follows the imports by file name, so reflection gets the original descriptors.
  const original = files.map((file) => Buffer.from(toBinary(FileDescriptorProtoSchema, file)));
  const definition: PackageDefinition = {};
  for (const [name, entry] of Object.entries(loaded)) {
    definition[name] = isTypeDefinition(entry) ? { ...entry, fileDescriptorProtos: original } : entry;
  }
  return new ReflectionService(definition, {
    services: [...services.map((service) => service.typeName), healthServiceName],
  });
}

/** Message and enum definitions carry file descriptors; service definitions are maps of methods. */
function isTypeDefinition(entry: AnyDefinition): entry is Exclude<AnyDefinition, ServiceDefinition> {
  return typeof entry.format === "string";
}

/** Each service's file and its transitive imports, imports first, each file once. */
function filesOf(services: readonly DescService[]): FileDescriptorProto[] {
  const seen = new Set<string>();
  const files: FileDescriptorProto[] = [];
  const visit = (file: DescFile) => {
    if (seen.has(file.name)) return;
    seen.add(file.name);
    for (const dependency of file.dependencies) visit(dependency);
    files.push(file.proto);
  };
  for (const service of services) visit(service.file);
  return files;
}
