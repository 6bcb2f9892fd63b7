import { type DescMessage, fromBinary, type MessageShape, toBinary } from "@bufbuild/protobuf";
import { Poison } from "./errors.js";

/** Encodes a protobuf-es message as an event payload. */
export function encodeEvent<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): Uint8Array {
  return toBinary(schema, message);
}

/**
 * Decodes an event payload; bytes that are not a `schema` message throw {@link Poison}, so a
 * handler that decodes first has a malformed message terminated instead of retried.
 */
export function decodeEvent<Desc extends DescMessage>(schema: Desc, data: Uint8Array): MessageShape<Desc> {
  try {
    return fromBinary(schema, data);
  } catch (error) {
    throw new Poison(`not a ${schema.typeName}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
