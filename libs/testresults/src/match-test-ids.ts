import type { TestResult } from "./test-result.js";

/**
 * Finds each declared id's results. An exact id match wins; otherwise the declared id is taken
 * as cut at its first whitespace (SWE-bench stores `test_x[required-Missing` for
 * `test_x[required-Missing data]`, since its log parser splits lines on whitespace), and it
 * matches every result whose id continues it with whitespace. A plain prefix is never enough:
 * `test_a` does not match `test_ab` or `test_a[1]`. Unmatched ids map to [].
 */
export function matchTestIds(
  declared: readonly string[],
  results: readonly TestResult[],
): Map<string, TestResult[]> {
  const byId = new Map<string, TestResult>();
  for (const result of results) if (!byId.has(result.id)) byId.set(result.id, result);
  const matches = new Map<string, TestResult[]>();
  for (const id of declared) {
    if (matches.has(id)) continue;
    const exact = byId.get(id);
    if (exact) {
      matches.set(id, [exact]);
      continue;
    }
    const cut = /\s/.test(id)
      ? []
      : results.filter((r) => r.id.startsWith(id) && /\s/.test(r.id[id.length] ?? ""));
    matches.set(id, cut);
  }
  return matches;
}
