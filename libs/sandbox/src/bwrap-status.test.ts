import { describe, expect, it } from "vitest";
import { BwrapStatus } from "./bwrap-status.js";

describe("BwrapStatus", () => {
  it("reads the child pid and the exit code, even split across chunks", () => {
    const status = new BwrapStatus();
    expect(status.childPid).toBeUndefined();
    status.push('{ "child-pid": 4215, "pid-namespace": 4026532181 }\n{ "exit-');
    expect(status.childPid).toBe(4215);
    expect(status.exitCode).toBeUndefined();
    status.push('code": 3 }\n');
    expect(status.exitCode).toBe(3);
  });
});
