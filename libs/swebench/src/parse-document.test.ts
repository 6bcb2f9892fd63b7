import { describe, expect, it } from "vitest";
import { parseSeedsDocument, SeedsDocumentError } from "./parse-document.js";
import { seedContentHash } from "./seed-row.js";

const patch = "diff --git a/m.py b/m.py\n--- a/m.py\n+++ b/m.py\n@@ -1 +1 @@\n-x = 1\n+x = 2\n";
const row = (id: string, extra: Record<string, unknown> = {}) => ({
  instance_id: id,
  repo: "o/r",
  base_commit: "a".repeat(40),
  patch,
  test_patch: "",
  FAIL_TO_PASS: '["tests/test_m.py::test_x"]',
  PASS_TO_PASS: "[]",
  ...extra,
});

describe("parseSeedsDocument", () => {
  it("reads JSONL, a JSON list and an id-keyed JSON object to the same rows", () => {
    const jsonl = [row("a"), row("b")].map((r) => JSON.stringify(r)).join("\n");
    const list = JSON.stringify([row("a"), row("b")]);
    const keyed = JSON.stringify({ a: row("a"), b: { ...row("b"), instance_id: undefined } });
    const ids = (text: string) => parseSeedsDocument(text).map((r) => (r.ok ? r.seed.instance_id : "bad"));
    expect(ids(jsonl)).toEqual(["a", "b"]);
    expect(ids(list)).toEqual(["a", "b"]);
    expect(ids(keyed)).toEqual(["a", "b"]);
  });

  it("accepts F2P as a JSON string or an array, with the same content hash", () => {
    const [fromString] = parseSeedsDocument(JSON.stringify(row("a")));
    const [fromArray] = parseSeedsDocument(
      JSON.stringify(row("a", { FAIL_TO_PASS: ["tests/test_m.py::test_x"] })),
    );
    if (!fromString?.ok || !fromArray?.ok) throw new Error("rows should parse");
    expect(fromString.seed.FAIL_TO_PASS).toEqual(["tests/test_m.py::test_x"]);
    expect(seedContentHash(fromString.seed)).toBe(seedContentHash(fromArray.seed));
  });

  it("reports a malformed line by its number and keeps the good rows beside it", () => {
    const text = [JSON.stringify(row("a")), '{"instance_id": "b", "repo": ', JSON.stringify(row("c"))].join(
      "\n",
    );
    const rows = parseSeedsDocument(text);
    expect(rows.map((r) => [r.row, r.ok])).toEqual([
      [1, true],
      [2, false],
      [3, true],
    ]);
    const bad = rows[1];
    if (bad?.ok !== false) throw new Error("row 2 should be bad");
    expect(bad.errors[0]?.message).toMatch(/malformed JSON/);
  });

  it("names every bad field of a row", () => {
    const [result] = parseSeedsDocument(
      JSON.stringify(
        row("x", { base_commit: undefined, repo: "not a repo", FAIL_TO_PASS: "[oops", patch: "hello" }),
      ),
    );
    if (result?.ok !== false) throw new Error("row should be bad");
    expect(result.instanceId).toBe("x");
    expect(result.errors.map((e) => e.field).sort()).toEqual([
      "FAIL_TO_PASS",
      "base_commit",
      "patch",
      "repo",
    ]);
  });

  it("rejects a keyed row whose instance_id differs from its key", () => {
    const [result] = parseSeedsDocument(JSON.stringify({ a: row("b") }));
    expect(result?.ok).toBe(false);
  });

  it("keeps unknown fields and coerces a numeric version", () => {
    const [result] = parseSeedsDocument(JSON.stringify(row("a", { version: 3.1, image_name: "img" })));
    if (!result?.ok) throw new Error("row should parse");
    expect(result.seed.version).toBe("3.1");
    expect(result.seed.extra).toEqual({ image_name: "img" });
  });

  it("refuses an empty document or a bare scalar", () => {
    expect(() => parseSeedsDocument("  \n")).toThrow(SeedsDocumentError);
    expect(() => parseSeedsDocument("42", "json")).toThrow(SeedsDocumentError);
  });
});
