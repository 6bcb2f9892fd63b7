import { beforeAll, describe, expect, it } from "vitest";
import { checkStatement } from "./check-statement.js";
import type { StatementInput } from "./statement.js";
import { templateStatement } from "./template-statement.js";
import { BUGS, failuresOf } from "./tinyledger-bugs.test-suite.js";

describe("templateStatement on real pytest failures of the tinyledger example", () => {
  const inputs = new Map<string, StatementInput>();
  beforeAll(() => {
    for (const bug of BUGS) inputs.set(bug.name, failuresOf(bug));
  }, 120_000);
  const text = (name: string) => templateStatement(inputs.get(name)!).text;

  it("passes the leak rules and reads like an issue, for every bug", () => {
    expect(inputs.size).toBe(BUGS.length);
    for (const [name, input] of inputs) {
      const statement = templateStatement(input);
      expect(statement.source, name).toBe("template");
      expect(checkStatement(statement.text, input), name).toEqual({ ok: true });
      const [title, blank] = statement.text.split("\n");
      expect(title!.length, name).toBeGreaterThan(10);
      expect(blank, name).toBe("");
      expect(statement.text, name).toContain("### What happens");
      expect(statement.text, name).toContain("### Expected behaviour");
      expect(statement.text, name).toContain("### Actual behaviour");
      for (const test of input.failingTests)
        expect(statement.text, name).not.toContain(test.id.split("::").pop()!);
      expect(templateStatement(input), `${name} is deterministic`).toEqual(statement);
    }
  });

  it("states a wrong return value with the values pytest printed", () => {
    const quarter = text("quarter off by one");
    expect(quarter.split("\n")[0]).toBe("`quarter()` returns a wrong result");
    expect(quarter).toContain(
      "`[quarter(date(2024, m, 1)) for m in (1, 3, 4, 8, 12)]` returns `[1, 2, 2, 3, 5]`, but `[1, 1, 2, 3, 4]` was expected",
    );
    const truncate = text("truncate one too long");
    expect(truncate).toContain(
      '`truncate("groceries", 5)` returns `\'groce…\'`, but `"groc…"` was expected.',
    );
    expect(truncate).toContain('1. Call `truncate("groceries", 5)`.');
  });

  it("picks the failing assert among several and explains a shortened value", () => {
    const balance = text("balance excludes the as-of day");
    expect(balance).toContain(
      '`book.balance("assets:checking", as_of=date(2024, 1, 5))` does not give `usd("954.80")`: minor is `100000` instead of `95480`.',
    );
    expect(balance).not.toContain('usd("1000")');
  });

  it("states an unexpected exception and a missing one", () => {
    const start = text("month start raises");
    expect(start.split("\n")[0]).toBe("`month_start()` raises ValueError unexpectedly");
    expect(start).toContain(
      "`month_start(date(2024, 2, 17))` raises `ValueError: day is out of range for month`.",
    );
    const infinity = text("infinity accepted");
    expect(infinity.split("\n")[0]).toBe("`parse_amount()` does not raise ParseError for invalid input");
    expect(infinity).toContain(
      '`parse_amount("Infinity")` should raise `ParseError`, but it returns normally.',
    );
  });
});

describe("templateStatement on written inputs", () => {
  const PATCH = [
    "--- a/src/stats.py",
    "+++ b/src/stats.py",
    "@@ -3,2 +3,2 @@ def mean(values):",
    "     total = sum(values)",
    "-    return total / len(values)",
    "+    return total / (len(values) - 1)",
    "",
  ].join("\n");
  const base: StatementInput = { repo: "acme/stats", bugPatch: PATCH, failingTests: [] };

  it("turns `assert 3 == 2.5` into a sentence about the call", () => {
    const input = {
      ...base,
      failingTests: [
        {
          id: "tests/test_stats.py::test_mean",
          message: "assert 3 == 2.5\n +  where 3 = mean([1, 2, 3, 4])",
        },
      ],
    };
    const statement = templateStatement(input).text;
    expect(statement).toContain("`mean([1, 2, 3, 4])` returns `3`, but `2.5` was expected.");
    expect(statement).toContain("While using stats I ran into the following problem.");
    expect(checkStatement(statement, input)).toEqual({ ok: true });
  });

  it("sets up the variable the failing call starts from", () => {
    const input = {
      ...base,
      failingTests: [
        {
          id: "tests/test_report.py::test_render",
          message:
            "AssertionError: assert ['a', '--', 'x…'] == ['a', '-', 'x…']\n  At index 1 diff: '--' != '-'",
          source: [
            "def test_render():",
            '    table = render_table(["a"], [["xyz"]], max_width=2)',
            '    assert table.splitlines() == ["a", "-", "x…"]',
          ].join("\n"),
        },
      ],
    };
    const statement = templateStatement(input).text;
    expect(statement).toContain('1. Run `table = render_table(["a"], [["xyz"]], max_width=2)`.');
    expect(statement.split("\n")[0]).toBe("`render_table()` returns a wrong result");
    expect(statement).toContain("2. Call `table.splitlines()`.");
    expect(statement).toContain("item 1 is `'--'` instead of `'-'`");
    expect(statement).toContain("3. Look at the result: it is `['a', '--', 'x…']`.");
    expect(checkStatement(statement, input)).toEqual({ ok: true });
  });

  it("leaves out values that would reveal the change, name a test or use a forbidden word", () => {
    const input: StatementInput = {
      repo: "acme/diff-tools",
      bugPatch: PATCH,
      failingTests: [
        {
          id: "tests/test_stats.py::test_code",
          message: "assert 'return total / (len(values) - 1)' == 'ok'",
        },
        { id: "tests/test_stats.py::test_words", message: "assert ['diff', 'b'] == ['a', 'b']" },
        { id: "tests/test_stats.py::test_named", message: "AssertionError: see test_code for the reason" },
        {
          id: "tests/test_stats.py::test_fine",
          message: "assert 3 == 2.5\n +  where 3 = mean([1, 2, 3, 4])",
        },
      ],
    };
    const statement = templateStatement(input).text;
    expect(checkStatement(statement, input)).toEqual({ ok: true });
    expect(statement).not.toContain("len(values) - 1");
    expect(statement).not.toContain("test_code");
    expect(statement).toContain("While using the library I ran into the following problem.");
    expect(statement).toContain("`mean([1, 2, 3, 4])` returns `3`, but `2.5` was expected.");
  });

  it("still writes a valid statement without failing tests", () => {
    const statement = templateStatement(base);
    expect(checkStatement(statement.text, base)).toEqual({ ok: true });
    expect(statement.text.split("\n")[0]).toBe("Unexpected behaviour");
  });

  it("names the changed unit in the title only when nothing better is known", () => {
    const input = {
      ...base,
      changedFunction: { path: "src/stats.py", name: "Stats.mean" },
      failingTests: [{ id: "tests/test_stats.py::test_x", message: "assert 3 == 2.5" }],
    };
    expect(templateStatement(input).text.split("\n")[0]).toBe("`mean()` returns a wrong result");
  });
});
