import { describe, expect, it } from "vitest";
import { parsePytestReport } from "./parse-pytest-report.js";

const rows = (output: string) => parsePytestReport(output).map((r) => [r.id, r.status, r.message]);

describe("parsePytestReport", () => {
  it("reads only the short test summary when it is there", () => {
    const output = [
      "============================= test session starts ==============================",
      "------------------------------ Captured stdout call ------------------------------",
      "PASSED tests/fake.py::printed_by_a_test",
      "=========================== short test summary info ============================",
      "PASSED tests/a.py::test_ok",
      "SKIPPED [2] tests/a.py:12: no network",
      "FAILED tests/a.py::test_bad - AssertionError: assert [1] == [2]",
      "==== 1 failed, 1 passed, 2 skipped in 0.04s ====",
      "PASSED tests/after.py::ignored",
    ].join("\n");
    expect(rows(output)).toEqual([
      ["tests/a.py::test_ok", "PASSED", ""],
      ["tests/a.py::test_bad", "FAILED", "AssertionError: assert [1] == [2]"],
    ]);
  });

  it("reads every line when there is no summary header", () => {
    expect(rows("PASSED tests/a.py::t\r\nERROR tests/b.py\r\nnoise\n")).toEqual([
      ["tests/a.py::t", "PASSED", ""],
      ["tests/b.py", "ERROR", ""],
    ]);
  });

  it("keeps ids with spaces, dashes, brackets and colons exact", () => {
    const output = [
      "PASSED tests/a.py::test_p[required-Missing data for required field.]",
      "FAILED tests/a.py::test_p[a - b] - AssertionError: x - y",
      "FAILED tests/a.py::test_p[x::y] - assert 'x::y' != '...",
      "FAILED tests/a.py::TestK::test_n[\\xfc[x]]",
      "ERROR tests/my dir/test_c.py::test_c - RuntimeError: fixture boom",
      "XFAIL tests/a.py::test_x - reason: imperative reason",
      "XPASS tests/a.py::test_p[a b] expected to fail",
      "XPASS tests/a.py::test_q ",
      "XPASS tests/a.py::test_r - dash style",
    ].join("\n");
    expect(rows(output)).toEqual([
      ["tests/a.py::test_p[required-Missing data for required field.]", "PASSED", ""],
      ["tests/a.py::test_p[a - b]", "FAILED", "AssertionError: x - y"],
      ["tests/a.py::test_p[x::y]", "FAILED", "assert 'x::y' != '..."],
      ["tests/a.py::TestK::test_n[\\xfc[x]]", "FAILED", ""],
      ["tests/my dir/test_c.py::test_c", "ERROR", "RuntimeError: fixture boom"],
      ["tests/a.py::test_x", "XFAIL", "reason: imperative reason"],
      ["tests/a.py::test_p[a b]", "XPASS", "expected to fail"],
      ["tests/a.py::test_q", "XPASS", ""],
      ["tests/a.py::test_r", "XPASS", "dash style"],
    ]);
  });

  it("strips colours and keeps the worse of repeated ids", () => {
    const output = [
      "\u001b[1m=========================== short test summary info ============================\u001b[0m",
      "\u001b[32mPASSED\u001b[0m tests/a.py::test_t",
      "\u001b[31mERROR\u001b[0m tests/a.py::test_t - RuntimeError: teardown boom",
      "\u001b[31mFAILED\u001b[0m tests/a.py::test_u - assert False",
      "ERROR tests/a.py::test_u - RuntimeError: td",
    ].join("\n");
    expect(rows(output)).toEqual([
      ["tests/a.py::test_t", "ERROR", "RuntimeError: teardown boom"],
      ["tests/a.py::test_u", "ERROR", "RuntimeError: td"],
    ]);
  });

  it("returns nothing for output without results", () => {
    expect(parsePytestReport("")).toEqual([]);
    expect(parsePytestReport("no tests ran in 0.01s")).toEqual([]);
  });
});
