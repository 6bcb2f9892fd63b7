import type { CoverageMap } from "./coverage-map.js";

/** One changed file of a candidate bug, in terms of the clean (old) file's lines. */
export interface FileChange {
  /** Repository-relative path, as in the map. */
  readonly path: string;
  /** Old-side line numbers the change removes or rewrites (for a pure insertion: the lines around it). */
  readonly changedOldLines: readonly number[];
  /** True when the change touches code outside any function body (imports, constants, decorators, class attributes). */
  readonly moduleLevel: boolean;
}

/**
 * Why these tests: `covered` (tests executing the changed lines), `module-level` (at least one
 * change ran at import time, so every test touching the file or an importer of it),
 * `uncovered` (nothing executed the lines: no test can observe the change) or `no-map`.
 */
export type SelectionReason = "covered" | "module-level" | "no-map" | "uncovered";

/** The tests to run for a change, in map order. */
export interface TestSelection {
  readonly tests: string[];
  readonly reason: SelectionReason;
}

/** Options of {@link selectTests}. */
export interface SelectOptions {
  /** Tests known to be flaky, never selected (the reason still describes coverage). */
  readonly flaky?: ReadonlySet<string>;
}

/**
 * Selects the tests that can observe `changes`. A function-body change selects the tests that
 * executed a changed line. A module-level change — declared by the caller, or detected because
 * a changed line ran at import time — selects, for the file and every file importing it
 * (transitively): the tests that executed any of its lines and the tests defined in it.
 * Known limits: code run once and cached (session fixtures, memoised values) is attributed to
 * the first test that ran it.
 */
export function selectTests(
  map: CoverageMap | undefined,
  changes: readonly FileChange[],
  options: SelectOptions = {},
): TestSelection {
  if (!map || map.tests.length === 0) return { tests: [], reason: "no-map" };
  const chosen = new Set<string>();
  let moduleLevel = false;
  for (const change of changes) {
    if (change.moduleLevel || map.executedAtImport(change.path, change.changedOldLines)) {
      const before = chosen.size;
      for (const file of [change.path, ...map.importersOf(change.path)]) {
        for (const test of map.testsForFile(file)) chosen.add(test);
        for (const test of map.testsInFile(file)) chosen.add(test);
      }
      moduleLevel ||= chosen.size > before;
    } else {
      for (const test of map.testsForLines(change.path, change.changedOldLines)) chosen.add(test);
    }
  }
  const reason = chosen.size === 0 ? "uncovered" : moduleLevel ? "module-level" : "covered";
  const flaky = options.flaky ?? new Set<string>();
  return { tests: map.tests.filter((test) => chosen.has(test) && !flaky.has(test)), reason };
}
