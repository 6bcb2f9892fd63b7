import { describe, expect, it } from "vitest";
import { failureSection } from "./pytest-sections.js";
import { isCall, mainCall, splitComparison } from "./python-expression.js";
import { readFailure } from "./read-failure.js";

describe("readFailure", () => {
  it("reads pytest's comparison with its where line", () => {
    expect(readFailure("AssertionError: assert 3 == 2.5\n +  where 3 = mean([1, 2, 3, 4])")).toMatchObject({
      kind: "mismatch",
      subject: "mean([1, 2, 3, 4])",
      operator: "==",
      actual: "3",
      expected: "2.5",
    });
  });

  it("takes the subject and the expected expression from the test source", () => {
    const source = [
      "def test_sum(book):",
      '    assert book.total("a") == usd("1")',
      '    assert book.total("b") == usd("954.80")',
    ].join("\n");
    const message =
      "assert Money(minor=1...urrency='USD') == Money(minor=9...urrency='USD')\n  minor: 100000 != 95480";
    expect(readFailure(message, source)).toMatchObject({
      kind: "mismatch",
      subject: 'book.total("b")',
      expected: 'usd("954.80")',
      actual: "Money(minor=1...urrency='USD')",
      details: ["minor is `100000` instead of `95480`"],
    });
  });

  it("swaps sides when the test writes the expected value first", () => {
    const source = "def test_x():\n    assert 2.5 == mean([1, 2, 3, 4])";
    expect(readFailure("assert 2.5 == 3", source)).toMatchObject({
      subject: "mean([1, 2, 3, 4])",
      actual: "3",
      expected: "2.5",
    });
  });

  it("reads unittest's assertEqual", () => {
    const source = "def test_mean(self):\n    self.assertEqual(mean([1, 2]), 1.5)";
    expect(readFailure("AssertionError: 1 != 1.5", source)).toMatchObject({
      kind: "mismatch",
      subject: "mean([1, 2])",
      actual: "1",
      expected: "1.5",
    });
  });

  it("reads DID NOT RAISE with the call inside pytest.raises", () => {
    const source = 'def test_bad():\n    with pytest.raises(ValueError):\n        parse("x")';
    expect(readFailure("Failed: DID NOT RAISE <class 'ValueError'>", source)).toMatchObject({
      kind: "no-exception",
      exception: "ValueError",
      subject: 'parse("x")',
    });
  });

  it("reads an exception from a traceback and the test's own line", () => {
    const traceback = [
      "Traceback (most recent call last):",
      '  File "tests/test_stats.py", line 5, in test_empty',
      "    result = mean([])",
      '  File "src/stats.py", line 3, in mean',
      "    return sum(values) / len(values)",
      "ZeroDivisionError: division by zero",
    ].join("\n");
    expect(
      readFailure(traceback, "def test_empty():\n    result = mean([])\n    assert result == 0"),
    ).toMatchObject({
      kind: "exception",
      subject: "mean([])",
      exception: "ZeroDivisionError",
      message: "division by zero",
    });
    expect(
      readFailure("ZeroDivisionError: division by zero", "def t():\n    x = mean([])\n    assert x == 0")
        .subject,
    ).toBeUndefined();
  });

  it("uses pytest's > marker for the subject, never a later frame", () => {
    const section = [
      "    def test_start():",
      ">       assert month_start(date(2024, 2, 17)) == date(2024, 2, 1)",
      "",
      "d = datetime.date(2024, 2, 17)",
      ">       return d.replace(day=0)",
      "E       ValueError: day is out of range for month",
    ].join("\n");
    expect(readFailure(section)).toMatchObject({
      kind: "exception",
      subject: "month_start(date(2024, 2, 17))",
      exception: "ValueError",
      message: "day is out of range for month",
    });
  });

  it("reads a bare check and a custom assertion message", () => {
    expect(
      readFailure("assert False\n +  where False = is_valid('x')", "def t():\n    assert is_valid('x')"),
    ).toMatchObject({ kind: "check", expression: "is_valid('x')", subject: "is_valid('x')" });
    expect(readFailure("AssertionError: totals disagree")).toMatchObject({
      kind: "check",
      message: "totals disagree",
    });
  });

  it("keeps an unknown failure as text", () => {
    expect(readFailure("fixture 'db' not found")).toMatchObject({
      kind: "other",
      message: "fixture 'db' not found",
    });
  });
});

describe("python expression helpers", () => {
  it("splits comparisons outside brackets and strings, even in shortened reprs", () => {
    expect(splitComparison("f('a == b') == [x == y]")).toEqual({
      left: "f('a == b')",
      operator: "==",
      right: "[x == y]",
    });
    expect(splitComparison("'x' not in names")).toEqual({ left: "'x'", operator: "not in", right: "names" });
    expect(splitComparison("[('assets:che...rency='USD'))] == [('a...')]")?.operator).toBe("==");
    expect(splitComparison("is_valid(x)")).toBeUndefined();
  });

  it("names the main call, skipping builtins and keywords", () => {
    expect(mainCall("len(ledger.find('rent'))")).toBe("ledger.find");
    expect(mainCall("Ledger().balance('a')")).toBe("balance");
    expect(mainCall("[quarter(date(2024, m, 1)) for m in (1, 3)]")).toBe("quarter");
    expect(mainCall("sorted(x)")).toBeUndefined();
    expect(mainCall("table.splitlines()")).toBeUndefined();
  });

  it("tells a call from other expressions", () => {
    expect(isCall("table.splitlines()")).toBe(true);
    expect(isCall("mean([1, 2])")).toBe(true);
    expect(isCall("f(a) + g(b)")).toBe(false);
    expect(isCall("[f(x) for x in y]")).toBe(false);
  });
});

describe("failureSection", () => {
  const output = [
    "=================================== FAILURES ===================================",
    "___________________________ test_a ___________________________",
    ">       assert f(1) == 2",
    "E       assert 3 == 2",
    "___________________________ TestC.test_b[p1] ___________________________",
    ">       g()",
    "E       KeyError: 'x'",
    "=========================== short test summary info ============================",
  ].join("\n");

  it("cuts the section of one test out of pytest's output", () => {
    expect(failureSection(output, "tests/test_x.py::test_a")).toBe(
      ">       assert f(1) == 2\nE       assert 3 == 2",
    );
    expect(failureSection(output, "tests/test_x.py::TestC::test_b[p1]")).toBe(
      ">       g()\nE       KeyError: 'x'",
    );
    expect(failureSection(output, "tests/test_x.py::test_c")).toBeUndefined();
    expect(failureSection(undefined, "tests/test_x.py::test_a")).toBeUndefined();
  });
});
