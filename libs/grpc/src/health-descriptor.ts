import { create } from "@bufbuild/protobuf";
import {
  type FileDescriptorProto,
  FileDescriptorProtoSchema,
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
} from "@bufbuild/protobuf/wkt";

/** The fully qualified name of the health service. */
export const healthServiceName = "grpc.health.v1.Health";

const pkg = ".grpc.health.v1";

/**
 * The descriptor of grpc/health/v1/health.proto (Check, Watch, List), for reflection. Written
 * out because the one proto-loader derives from grpc-health-check's .proto uses relative type
 * names and a misnamed map entry, which Go reflection clients (grpcurl, buf curl) reject.
 */
export const healthFileDescriptor: FileDescriptorProto = create(FileDescriptorProtoSchema, {
  name: "grpc/health/v1/health.proto",
  package: "grpc.health.v1",
  syntax: "proto3",
  messageType: [
    { name: "HealthListRequest" },
    {
      name: "HealthListResponse",
      field: [
        {
          name: "statuses",
          jsonName: "statuses",
          number: 1,
          label: Label.REPEATED,
          type: Type.MESSAGE,
          typeName: `${pkg}.HealthListResponse.StatusesEntry`,
        },
      ],
      nestedType: [
        {
          name: "StatusesEntry",
          field: [
            { name: "key", jsonName: "key", number: 1, label: Label.OPTIONAL, type: Type.STRING },
            {
              name: "value",
              jsonName: "value",
              number: 2,
              label: Label.OPTIONAL,
              type: Type.MESSAGE,
              typeName: `${pkg}.HealthCheckResponse`,
            },
          ],
          options: { mapEntry: true },
        },
      ],
    },
    {
      name: "HealthCheckRequest",
      field: [{ name: "service", jsonName: "service", number: 1, label: Label.OPTIONAL, type: Type.STRING }],
    },
    {
      name: "HealthCheckResponse",
      field: [
        {
          name: "status",
          jsonName: "status",
          number: 1,
          label: Label.OPTIONAL,
          type: Type.ENUM,
          typeName: `${pkg}.HealthCheckResponse.ServingStatus`,
        },
      ],
      enumType: [
        {
          name: "ServingStatus",
          value: ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"].map((name, number) => ({
            name,
            number,
          })),
        },
      ],
    },
  ],
  service: [
    {
      name: "Health",
      method: [
        { name: "Check", inputType: `${pkg}.HealthCheckRequest`, outputType: `${pkg}.HealthCheckResponse` },
        {
          name: "Watch",
          inputType: `${pkg}.HealthCheckRequest`,
          outputType: `${pkg}.HealthCheckResponse`,
          serverStreaming: true,
        },
        { name: "List", inputType: `${pkg}.HealthListRequest`, outputType: `${pkg}.HealthListResponse` },
      ],
    },
  ],
});
