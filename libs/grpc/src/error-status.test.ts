import { describe, expect, it } from "vitest";
import { errorToStatus } from "./error-status.js";
import { Code, RpcError } from "./rpc-error.js";
import { captureLogs } from "./test-harness.test-suite.js";

describe("errorToStatus", () => {
  it("passes an RpcError's code and message through without logging", () => {
    const { logger, lines } = captureLogs();
    expect(errorToStatus(new RpcError(Code.NotFound, "seed x not found"), logger)).toEqual({
      code: Code.NotFound,
      details: "seed x not found",
    });
    expect(lines()).toEqual([]);
  });

  it.each([
    ["an Error", new Error("secret")],
    ["a string", "secret"],
    ["undefined", undefined],
  ])("turns %s into INTERNAL with a generic message and logs the real error", (_kind, thrown) => {
    const { logger, lines } = captureLogs();
    const status = errorToStatus(thrown, logger);
    expect(status).toEqual({ code: Code.Internal, details: "internal error" });
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({ level: 50, msg: "handler failed" });
    if (thrown !== undefined) expect(JSON.stringify(lines()[0])).toContain("secret");
  });

  it("keeps Code numbers equal to the gRPC status numbers", () => {
    expect([Code.Canceled, Code.NotFound, Code.Internal, Code.Unauthenticated]).toEqual([1, 5, 13, 16]);
  });
});
