import { diffTrees } from "./align.js";
import { classifyDifferences } from "./classify.js";
import { rawDiff } from "./raw-diff.js";
import { buildSyntaxTree, SignatureTable } from "./syntax-tree.js";
import type { ClassifyEditOptions, EditClassification, EditFact, EditFamilyName } from "./types.js";

/**
 * Classifies how a Python code unit changed between `before` and `after` (the code before and
 * after a fix) into edit families, by aligning the two tree-sitter trees and classifying the
 * smallest nodes that differ. A unit that only exists on one side (the other is "") is one
 * added / removed statement. Differences of layout, comments and docstrings are not edits: a
 * diff of nothing else is recorded as `unclassified` with reason `layout_only`. Deterministic:
 * the same inputs give the same facts in the same order.
 */
export function classifyEdit(
  before: string,
  after: string,
  options: ClassifyEditOptions = {},
): EditClassification {
  const diff = rawDiff(before, after);
  if (before === after) return { facts: [], families: [], unclassified: false, rawDiff: diff };
  const facts = wholeUnitFacts(before, after) ?? treeFacts(before, after, options);
  const families: EditFamilyName[] = [...new Set(facts.map((f) => f.family))];
  return { facts, families, unclassified: families.includes("unclassified"), rawDiff: diff };
}

function wholeUnitFacts(before: string, after: string): EditFact[] | undefined {
  if (before.trim() === "")
    return [{ family: "statement_added", before: "", after, line: 1, detail: { node: "unit" } }];
  if (after.trim() === "")
    return [{ family: "statement_removed", before, after: "", line: 1, detail: { node: "unit" } }];
  return undefined;
}

function treeFacts(before: string, after: string, options: ClassifyEditOptions): EditFact[] {
  const table = new SignatureTable();
  const beforeTree = buildSyntaxTree(before, table, new Set(options.opaqueDefinitions?.before ?? []));
  const afterTree = buildSyntaxTree(after, table, new Set(options.opaqueDefinitions?.after ?? []));
  const facts = classifyDifferences(diffTrees(beforeTree, afterTree));
  if (facts.length > 0) return facts;
  // The texts differ but the code does not: nothing a transplant could repeat.
  return [{ family: "unclassified", before: "", after: "", line: 1, detail: { reason: "layout_only" } }];
}
