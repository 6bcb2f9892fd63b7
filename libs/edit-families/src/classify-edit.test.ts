import { describe, expect, it } from "vitest";
import { classifyEdit } from "./classify-edit.js";
import type { EditFact, EditFamilyName } from "./types.js";

/** The source with one exact piece of it replaced (fails loudly when the piece is missing). */
function edit(source: string, from: string, to: string): string {
  if (!source.includes(from)) throw new Error(`not in source: ${from}`);
  return source.replace(from, to);
}

function only(before: string, after: string, family: EditFamilyName): EditFact {
  const result = classifyEdit(before, after);
  expect(result.families).toEqual([family]);
  expect(result.unclassified).toBe(family === "unclassified");
  expect(result.facts).toHaveLength(1);
  return result.facts[0] as EditFact;
}

const balance = `    def balance(self, name, as_of=None):
        account = self.account(name)
        total = Money.zero(account.currency)
        for txn in self._transactions:
            if as_of is not None and txn.date >= as_of:
                break
            for posting in txn.postings:
                if posting.account == name:
                    total = total + posting.amount
        return total
`;

const convert = `    def convert(self, money, to):
        rate = self._rates.get((money.currency, to))
        if rate is not None:
            return Money.of(money.amount * rate, to)
        inverse = self._rates.get((to, money.currency))
        if inverse is not None:
            return Money.of(money.amount * inverse, to)
        raise MissingRate(money.currency, to)
`;

const parseAmount = `def parse_amount(text: str) -> Decimal:
    """Parses an amount like 1,234.50 or (12.00)."""
    raw = text.strip()
    negative = False
    if raw.startswith("(") and raw.endswith(")"):
        negative = True
        raw = raw[1:-1].strip()
    cleaned = raw.replace(",", "")
    value = Decimal(cleaned)
    if not value.is_finite():
        raise ParseError(f"amount is not finite: {text!r}")
    return -value if negative else value
`;

const allocate = `    def allocate(self, ratios):
        """Splits the amount by integer ratios without losing a minor unit."""
        if not ratios or any(r < 0 for r in ratios):
            raise ValueError("ratios must be non-negative and not empty")
        total = sum(ratios)
        parts = [self.minor * r // total for r in ratios]
        remainder = self.minor - sum(parts)
        for i in range(remainder):
            parts[i] += 1
        return [Money(p, self.currency) for p in parts]
`;

const mean = `def mean(values, default=0.0):
    count = len(values)
    total = sum(values)
    return total / count
`;

describe("classifyEdit: one family per fix", () => {
  it("comparison operator: >= for > in a condition", () => {
    const f = only(balance, edit(balance, "txn.date >= as_of", "txn.date > as_of"), "comparison_operator");
    expect(f).toMatchObject({ before: ">=", after: ">", line: 5 });
    expect(f.detail).toMatchObject({ from: ">=", to: ">" });
  });

  it("comparison operator: `is` for `is not`, and `in` for `not in`", () => {
    const f = only(
      convert,
      edit(convert, "if inverse is not None", "if inverse is None"),
      "comparison_operator",
    );
    expect(f.detail).toMatchObject({ from: "is not", to: "is" });
    const src = "def has(xs, x):\n    return x in xs\n";
    expect(only(src, edit(src, "x in xs", "x not in xs"), "comparison_operator").detail.to).toBe("not in");
  });

  it("arithmetic operator: * for / in a call argument, and += for -=", () => {
    const after = edit(convert, "money.amount * inverse", "money.amount / inverse");
    const f = only(convert, after, "arithmetic_operator");
    expect(f).toMatchObject({ line: 7, detail: { from: "*", to: "/", node: "binary_operator" } });
    const g = only(allocate, edit(allocate, "parts[i] += 1", "parts[i] -= 1"), "arithmetic_operator");
    expect(g.detail).toMatchObject({ from: "+=", to: "-=", node: "augmented_assignment" });
  });

  it("constant: a number, a string keyword argument and a boolean", () => {
    const retry = `def fetch(url):\n    timeout = 30\n    return get(url, timeout=timeout, encoding="latin-1", verify=True)\n`;
    const a = only(retry, edit(retry, "timeout = 30", "timeout = 60"), "constant");
    expect(a).toMatchObject({ before: "30", after: "60", line: 2, detail: { from: "30", to: "60" } });
    const b = only(retry, edit(retry, '"latin-1"', '"utf-8"'), "constant");
    expect(b.detail).toMatchObject({ from: '"latin-1"', to: '"utf-8"', context: "argument_list" });
    expect(only(retry, edit(retry, "verify=True", "verify=False"), "constant").detail.node).toBe("true");
    const neg = "def last(xs):\n    return xs.pop(0)\n";
    expect(only(neg, edit(neg, "pop(0)", "pop(-1)"), "constant").after).toBe("-1");
  });

  it("condition added: a guard clause that returns, and one that raises", () => {
    const after = edit(
      mean,
      "    count = len(values)\n",
      "    if not values:\n        return default\n    count = len(values)\n",
    );
    const f = only(mean, after, "condition_added");
    expect(f).toMatchObject({ before: "", line: 2 });
    expect(f.after).toBe("if not values:\n        return default");
    expect(f.detail).toEqual({ node: "if_statement", test: "not values", guard: "true", kind: "return" });
    const raising = edit(
      parseAmount,
      "    cleaned = raw",
      '    if not raw:\n        raise ParseError("empty amount")\n    cleaned = raw',
    );
    expect(only(parseAmount, raising, "condition_added").detail).toMatchObject({
      guard: "true",
      kind: "raise",
    });
  });

  it("condition added around existing code is a wrap, not a guard", () => {
    const src = "def notify(user, message):\n    text = render(message)\n    send(user.email, text)\n";
    const after = edit(
      src,
      "    send(user.email, text)\n",
      "    if user.email:\n        send(user.email, text)\n",
    );
    const f = only(src, after, "condition_added");
    expect(f.detail).toMatchObject({ wrap: "true", test: "user.email" });
    expect(f.detail.guard).toBeUndefined();
    expect(f.before).toBe("send(user.email, text)");
  });

  it("condition removed: a guard taken out", () => {
    const guarded = edit(
      mean,
      "    count = len(values)\n",
      "    if not values:\n        return default\n    count = len(values)\n",
    );
    const f = only(guarded, mean, "condition_removed");
    expect(f).toMatchObject({
      after: "",
      line: 2,
      detail: { guard: "true", kind: "return", test: "not values" },
    });
  });

  it("condition removed: an if taken away around code that stays", () => {
    const src =
      "def notify(user, message):\n    text = render(message)\n    if user.active:\n        send(user.email, text)\n";
    const f = only(src, edit(src, "    if user.active:\n        send(", "    send("), "condition_removed");
    expect(f).toMatchObject({
      after: "send(user.email, text)",
      line: 3,
      detail: { wrap: "true", test: "user.active" },
    });
  });

  it("condition changed: a test replaced, and `and` for `or`", () => {
    const f = only(
      balance,
      edit(balance, "if posting.account == name:", "if posting.account.startswith(name):"),
      "condition_changed",
    );
    expect(f.detail).toMatchObject({
      from: "posting.account == name",
      to: "posting.account.startswith(name)",
    });
    const g = only(
      allocate,
      edit(allocate, "if not ratios or any(", "if not ratios and any("),
      "condition_changed",
    );
    expect(g.detail).toMatchObject({ from: "or", to: "and" });
    const find = "def find(ts, needle):\n    return [t for t in ts if needle in t.memo.lower()]\n";
    const h = only(
      find,
      edit(find, "if needle in", "if t.memo is not None and needle in"),
      "condition_changed",
    );
    expect(h.after).toBe("t.memo is not None and needle in t.memo.lower()");
  });

  it("call argument added, removed and changed", () => {
    const src = "def total(items):\n    value = sum(i.price for i in items)\n    return round(value)\n";
    const added = only(src, edit(src, "round(value)", "round(value, 2)"), "call_argument_added");
    expect(added).toMatchObject({ before: "", after: "2", line: 3, detail: { callee: "round" } });
    const kw = "def load(path):\n    with open(path, encoding='utf-8') as f:\n        return f.read()\n";
    const removed = only(kw, edit(kw, ", encoding='utf-8'", ""), "call_argument_removed");
    expect(removed).toMatchObject({ before: "encoding='utf-8'", after: "", detail: { callee: "open" } });
    const months =
      "def add_months(d, months):\n    last_day = calendar.monthrange(d.year, d.month)[1]\n    return last_day\n";
    const r = classifyEdit(months, edit(months, "(d.year, d.month)", "(year, month)"));
    expect(r.families).toEqual(["call_argument_changed"]);
    expect(r.facts.map((f) => [f.before, f.after, f.detail.callee])).toEqual([
      ["d.year", "year", "calendar.monthrange"],
      ["d.month", "month", "calendar.monthrange"],
    ]);
  });

  it("statement added and removed", () => {
    const src = "def reset(self):\n    self.items = []\n    self.count = 0\n";
    const added = only(src, `${src}    self._cache.clear()\n`, "statement_added");
    expect(added).toMatchObject({ before: "", after: "self._cache.clear()", line: 4 });
    const removed = only(src, edit(src, "    self.count = 0\n", ""), "statement_removed");
    expect(removed).toMatchObject({ before: "self.count = 0", after: "", line: 3 });
  });

  it("return value changed", () => {
    const src = "def names(people):\n    result = (p.name for p in people)\n    return result\n";
    const f = only(src, edit(src, "return result", "return list(result)"), "return_value");
    expect(f).toMatchObject({ before: "result", after: "list(result)", line: 3 });
    const bare = "def stop(self):\n    self.running = False\n    return\n";
    expect(only(bare, edit(bare, "return\n", "return self\n"), "return_value").after).toBe("self");
  });

  it("exception handling: a try wrapped around a statement, an except clause widened, one added", () => {
    const after = edit(
      parseAmount,
      "    value = Decimal(cleaned)\n",
      "    try:\n        value = Decimal(cleaned)\n    except InvalidOperation:\n        raise ParseError(text) from None\n",
    );
    const f = only(parseAmount, after, "exception_handling");
    expect(f).toMatchObject({ before: "value = Decimal(cleaned)", line: 9, detail: { wrap: "true" } });
    const tried =
      "def read(path):\n    try:\n        return load(path)\n    except ValueError:\n        return None\n";
    const widened = only(
      tried,
      edit(tried, "except ValueError:", "except (ValueError, OSError):"),
      "exception_handling",
    );
    expect(widened).toMatchObject({ before: "ValueError", after: "(ValueError, OSError)" });
    const more = edit(
      tried,
      "        return None\n",
      "        return None\n    except KeyError:\n        return {}\n",
    );
    expect(only(tried, more, "exception_handling").detail).toMatchObject({
      node: "except_clause",
      change: "added",
    });
  });

  it("loop bound: a slice bound, a range() argument, a for iterable and an index", () => {
    const truncate =
      'def truncate(text, width):\n    if len(text) <= width:\n        return text\n    return text[:width] + "…"\n';
    const a = only(truncate, edit(truncate, "text[:width]", "text[: width - 1]"), "loop_bound");
    expect(a).toMatchObject({ before: "width", after: "width - 1", line: 4, detail: { context: "slice" } });
    const pairs = "def pairs(xs):\n    return [(xs[i], xs[i + 1]) for i in range(len(xs) - 1)]\n";
    const b = only(pairs, edit(pairs, "range(len(xs) - 1)", "range(len(xs))"), "loop_bound");
    expect(b.detail.context).toBe("range");
    const c = only(
      allocate,
      edit(allocate, "for i in range(remainder):", "for i in receivers[:remainder]:"),
      "loop_bound",
    );
    expect(c.detail.context).toBe("for_iterable");
    const d = only(pairs, edit(pairs, "xs[i + 1]", "xs[i - 1]"), "arithmetic_operator");
    expect(d.line).toBe(2);
    const first = "def first(xs):\n    return xs[1]\n";
    expect(only(first, edit(first, "xs[1]", "xs[0]"), "loop_bound").detail.context).toBe("subscript");
  });
});

describe("classifyEdit: several edits, unclassifiable ones, layout", () => {
  it("reports every edit of a multi-edit fix, in order, with its own family", () => {
    const after = edit(
      edit(
        allocate,
        "        for i in range(remainder):",
        "        receivers = [i for i, r in enumerate(ratios) if r > 0]\n        for i in receivers[:remainder]:",
      ),
      '"""Splits the amount by integer ratios without losing a minor unit."""',
      '"""Splits the amount; zero ratios get nothing."""',
    );
    const r = classifyEdit(allocate, after);
    expect(r.families).toEqual(["statement_added", "loop_bound"]);
    expect(r.facts[0]?.after).toBe("receivers = [i for i, r in enumerate(ratios) if r > 0]");
    expect(r.unclassified).toBe(false);

    const two = edit(
      edit(balance, ">= as_of", "> as_of"),
      "total = total + posting.amount",
      "total = total - posting.amount",
    );
    const t = classifyEdit(balance, two);
    expect(t.families).toEqual(["comparison_operator", "arithmetic_operator"]);
    expect(t.facts.map((f) => f.line)).toEqual([5, 9]);
  });

  it("records an unmatched change and a whole rewrite as unclassified", () => {
    const src = "def area(shape):\n    w = shape.width\n    return w * shape.height\n";
    const swapped = classifyEdit(src, edit(src, "w = shape.width", "w = shape.depth"));
    expect(swapped.unclassified).toBe(true);
    expect(swapped.facts[0]).toMatchObject({ family: "unclassified", before: "width", after: "depth" });
    expect(swapped.facts[0]?.detail).toMatchObject({ reason: "unmatched", parent: "attribute" });

    const rewritten = `def mean(values, default=0.0):
    import statistics
    values = list(values)
    if not values:
        return default
    return statistics.fmean(values)
`;
    const r = classifyEdit(mean, rewritten);
    expect(r.families).toEqual(["unclassified"]);
    expect(r.facts[0]?.detail.reason).toBe("rewrite");
    expect(r.rawDiff).toContain("+    return statistics.fmean(values)");
  });

  it("treats comments, whitespace and docstrings as no edit, recorded as layout_only", () => {
    const after = edit(
      edit(parseAmount, "    cleaned = raw", "    # thousands separators\n    cleaned  =  raw"),
      "Parses an amount",
      "Reads an amount",
    );
    const r = classifyEdit(parseAmount, after);
    expect(r.facts).toEqual([
      { family: "unclassified", before: "", after: "", line: 1, detail: { reason: "layout_only" } },
    ]);
    expect(r.unclassified).toBe(true);
    expect(r.rawDiff).toContain("+    # thousands separators");
    const same = classifyEdit(parseAmount, parseAmount);
    expect(same).toMatchObject({ facts: [], families: [], unclassified: false });
  });

  it("treats a unit that only exists on one side as one added / removed statement", () => {
    expect(classifyEdit("", mean).facts).toEqual([
      { family: "statement_added", before: "", after: mean, line: 1, detail: { node: "unit" } },
    ]);
    expect(classifyEdit(mean, "").families).toEqual(["statement_removed"]);
  });

  it("keeps nested units opaque when told where they start", () => {
    const cls = `class Ledger:
    kind = "asset"

    def add(self, txn):
        self._transactions.append(txn)

    def find(self, text):
        return [t for t in self._transactions if text in t.memo]
`;
    const after = edit(
      edit(cls, 'kind = "asset"', 'kind = "liability"'),
      "if text in t.memo",
      "if t.memo and text in t.memo",
    );
    const opaque = classifyEdit(cls, after, { opaqueDefinitions: { before: [4, 7], after: [4, 7] } });
    expect(opaque.families).toEqual(["constant"]);
    expect(classifyEdit(cls, after).families).toEqual(["constant", "condition_changed"]);
    // A nested unit added or removed is its own change, not one of the class.
    const withHelper = `${cls}\n    def clear(self):\n        self._transactions = []\n`;
    const grown = classifyEdit(cls, withHelper, { opaqueDefinitions: { before: [4, 7], after: [4, 7, 10] } });
    expect(grown.facts).toEqual([
      { family: "unclassified", before: "", after: "", line: 1, detail: { reason: "layout_only" } },
    ]);
  });

  it("is deterministic and fills the raw diff", () => {
    const after = edit(edit(convert, "* inverse", "/ inverse"), "if rate is not None:", "if rate:");
    const first = classifyEdit(convert, after);
    const again = classifyEdit(convert, after);
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    expect(first.families).toEqual(["condition_changed", "arithmetic_operator"]);
    expect(first.rawDiff).toContain("-            return Money.of(money.amount * inverse, to)");
    expect(first.rawDiff).toContain("+            return Money.of(money.amount / inverse, to)");
    expect(first.rawDiff.startsWith("--- before")).toBe(true);
  });
});
