import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import { type BusMessage, createInProcessBus } from "@tracegen/bus";
import { openTestDatabase } from "@tracegen/db/testing";
import { silentLogger } from "@tracegen/log";
import { EditFamily, type GetTraceResponse, Subjects, TraceExtractedSchema } from "@tracegen/proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIngestCore } from "./ingest-core.js";

const REPO = "shop/cart";
const FILE = "src/cart/cart.py";
const F2P = ["tests/test_cart.py::test_fixed"];

/** A small module whose fixes below cover the families the tinyledger seeds do not. */
const CART = `"""A small shopping cart."""

from decimal import Decimal

TAX_RATE = Decimal("0.20")


class Cart:
    currency = "EUR"

    def __init__(self):
        self.lines = []

    def add(self, sku, price, quantity=1):
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        self.lines.append((sku, price, quantity))

    def remove(self, sku):
        self.lines = [line for line in self.lines if line[0] != sku]
        self.touched = True

    def items(self):
        return self.lines

    def subtotal(self):
        return sum(price * quantity for _, price, quantity in self.lines)

    def total(self):
        return round(self.subtotal() * (1 + TAX_RATE))

    def describe(self):
        return ", ".join(sorted((sku for sku, _, _ in self.lines), reverse=True))


def average_price(cart):
    prices = [price for _, price, _ in cart.lines]
    return sum(prices) / len(prices)
`;

/** Each seed's fix as an edit of CART, with the families its changed units must get. */
const FIXES: { name: string; edits: [string, string][]; expected: Record<string, string[]> }[] = [
  {
    name: "constant",
    edits: [['Decimal("0.20")', 'Decimal("0.21")']],
    expected: { "": ["CONSTANT"] },
  },
  {
    name: "guard-added",
    edits: [
      [
        "    prices = [price for _, price, _ in cart.lines]\n",
        "    prices = [price for _, price, _ in cart.lines]\n    if not prices:\n        return Decimal(0)\n",
      ],
    ],
    expected: { average_price: ["CONDITION_ADDED"] },
  },
  {
    name: "guard-removed",
    edits: [['        if quantity <= 0:\n            raise ValueError("quantity must be positive")\n', ""]],
    expected: { "Cart.add": ["CONDITION_REMOVED"] },
  },
  {
    name: "argument-added",
    edits: [["(1 + TAX_RATE))", "(1 + TAX_RATE), 2)"]],
    expected: { "Cart.total": ["CALL_ARGUMENT_ADDED"] },
  },
  {
    name: "argument-removed",
    edits: [[", reverse=True)", ")"]],
    expected: { "Cart.describe": ["CALL_ARGUMENT_REMOVED"] },
  },
  {
    name: "statement-removed",
    edits: [["        self.touched = True\n", ""]],
    expected: { "Cart.remove": ["STATEMENT_REMOVED"] },
  },
  {
    name: "return-value",
    edits: [["        return self.lines\n", "        return list(self.lines)\n"]],
    expected: { "Cart.items": ["RETURN_VALUE"] },
  },
  {
    name: "class-and-method",
    edits: [
      ['    currency = "EUR"', '    currency = "USD"'],
      ['", ".join', '"; ".join'],
    ],
    expected: { Cart: ["CONSTANT"], "Cart.describe": ["CONSTANT"] },
  },
  {
    name: "comment-only",
    edits: [
      ["    def subtotal(self):\n", "    def subtotal(self):\n        # Decimal prices keep cents exact.\n"],
    ],
    expected: { "Cart.subtotal": ["UNCLASSIFIED"] },
  },
];

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@example.com",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@example.com",
    },
  });
}

/** A real repository holding CART, and one seed row per fix with the patch `git diff` writes. */
function makeSeeds(dir: string): string {
  mkdirSync(join(dir, "src/cart"), { recursive: true });
  writeFileSync(join(dir, FILE), CART);
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "cart");
  const base = git(dir, "rev-parse", "HEAD").trim();
  const rows = FIXES.map((fix) => {
    let fixed = CART;
    for (const [from, to] of fix.edits) {
      if (!fixed.includes(from)) throw new Error(`fix ${fix.name} does not apply to CART: ${from}`);
      fixed = fixed.replace(from, to);
    }
    writeFileSync(join(dir, FILE), fixed);
    const patch = git(dir, "diff");
    writeFileSync(join(dir, FILE), CART);
    return JSON.stringify({
      instance_id: `shop__cart-${fix.name}`,
      repo: REPO,
      base_commit: base,
      patch,
      test_patch: "",
      problem_statement: fix.name,
      FAIL_TO_PASS: F2P,
      PASS_TO_PASS: [],
    });
  });
  expect(readFileSync(join(dir, FILE), "utf8")).toBe(CART);
  return rows.join("\n");
}

describe("trace extraction on a repository with one fix per missing family", () => {
  const work = mkdtempSync(join(tmpdir(), "tg-trace-extraction-"));
  let close: () => Promise<void> = async () => {};
  let core: ReturnType<typeof createIngestCore>;
  const received: BusMessage[] = [];
  const bus = createInProcessBus();

  beforeAll(async () => {
    const database = await openTestDatabase("postgres");
    close = database.close;
    await bus.consume({
      durable: "trace-extraction-test",
      subjects: [Subjects.traceExtracted],
      handler: async (m) => void received.push(m),
    });
    core = createIngestCore({
      db: database.db,
      bus,
      mirrorsDir: join(work, "mirrors"),
      logger: silentLogger(),
    });
    mkdirSync(join(work, "repo"));
    const content = makeSeeds(join(work, "repo"));
    const result = await core.importSeeds({ content, repos: [{ repo: REPO, source: join(work, "repo") }] });
    expect(result.summary).toMatchObject({ rows: FIXES.length, ready: FIXES.length });
  });
  afterAll(async () => {
    await bus.close();
    await close();
    rmSync(work, { recursive: true, force: true });
  });

  const families = (response: GetTraceResponse) =>
    Object.fromEntries(
      (response.trace?.changedUnits ?? []).map((u) => [
        u.qualifiedName,
        u.editFamilies.map((f) => EditFamily[f]),
      ]),
    );

  it.each(FIXES)("stores the families of fix $name", async (fix) => {
    const response = await core.getTrace(`shop__cart-${fix.name}`);
    expect(families(response)).toEqual(fix.expected);
    for (const unit of response.trace?.changedUnits ?? []) {
      expect(unit.edits.map((e) => e.family)).toEqual(expect.arrayContaining(unit.editFamilies));
      expect(unit.rawDiff).toMatch(/^--- before\n\+\+\+ after\n@@ /);
    }
  });

  it("keeps the facts of an edit: guard kind and test, callee, the literal's old and new value", async () => {
    const guard = (await core.getTrace("shop__cart-guard-added")).trace?.changedUnits[0]?.edits[0];
    expect(guard?.detail).toMatchObject({ guard: "true", kind: "return", test: "not prices" });
    const removed = (await core.getTrace("shop__cart-guard-removed")).trace?.changedUnits[0]?.edits[0];
    expect(removed?.detail).toMatchObject({ guard: "true", kind: "raise", test: "quantity <= 0" });
    const argument = (await core.getTrace("shop__cart-argument-added")).trace?.changedUnits[0]?.edits[0];
    expect(argument).toMatchObject({ after: "2", detail: { callee: "round" } });
    const constant = (await core.getTrace("shop__cart-constant")).trace?.changedUnits[0]?.edits[0];
    expect(constant).toMatchObject({ before: '"0.20"', after: '"0.21"', line: 5 });
    // The class reports its own attribute only: the method's edit is the method's.
    const both = (await core.getTrace("shop__cart-class-and-method")).trace?.changedUnits ?? [];
    expect(both.map((u) => [u.qualifiedName, u.edits.map((e) => e.before)])).toEqual([
      ["Cart", ['"EUR"']],
      ["Cart.describe", ['", "']],
    ]);
    const comment = (await core.getTrace("shop__cart-comment-only")).trace?.changedUnits[0];
    expect(comment?.edits[0]?.detail).toMatchObject({ reason: "layout_only" });
    expect(comment?.rawDiff).toContain("+        # Decimal prices keep cents exact.");
  });

  it("publishes one trace.extracted event per trace, with its families", async () => {
    // The in-process bus hands messages to the consumer asynchronously.
    for (let i = 0; i < 250 && received.length < FIXES.length; i++)
      await new Promise((r) => setTimeout(r, 20));
    const events = received.map((m) => fromBinary(TraceExtractedSchema, m.data));
    expect(events.map((e) => e.seedId).sort()).toEqual(FIXES.map((f) => `shop__cart-${f.name}`).sort());
    const returned = events.find((e) => e.seedId === "shop__cart-return-value");
    expect(returned?.editFamilies).toEqual([EditFamily.RETURN_VALUE]);
    expect(returned?.traceId).toBe("trace:shop__cart-return-value");
  });
});
