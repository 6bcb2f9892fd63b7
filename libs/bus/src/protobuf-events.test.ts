import { create } from "@bufbuild/protobuf";
import { TimestampSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { Poison } from "./errors.js";
import { decodeEvent, encodeEvent } from "./protobuf-events.js";

describe("encodeEvent / decodeEvent", () => {
  it("round-trips a protobuf-es message", () => {
    const message = create(TimestampSchema, { seconds: 1_700_000_000n, nanos: 5 });
    const decoded = decodeEvent(TimestampSchema, encodeEvent(TimestampSchema, message));
    expect(decoded.seconds).toBe(1_700_000_000n);
    expect(decoded.nanos).toBe(5);
  });

  it("turns bytes that do not decode into Poison, so the message is terminated", () => {
    expect(() => decodeEvent(TimestampSchema, new Uint8Array([0xff, 0xff, 0xff]))).toThrow(Poison);
  });
});
