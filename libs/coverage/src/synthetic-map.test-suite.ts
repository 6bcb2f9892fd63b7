/** Test support: a deterministic, realistically shaped synthetic map (many tests × many files). */
import type { CoverageMapJson } from "./map-json.js";

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `tests` tests in files of 20, `files` source files of 15 functions × 12 lines plus 10
 * module-level lines. Each function is used by a few test files (log-uniform popularity), its
 * branches by random halves of its tests, as real suites tend to look.
 */
export function syntheticMap(tests: number, files: number, seed = 1): CoverageMapJson {
  const rand = random(seed);
  const names = Array.from(
    { length: tests },
    (_, i) => `tests/test_mod${Math.floor(i / 20)}.py::test_case_${i}`,
  );
  names.sort();
  const testFiles = Math.ceil(tests / 20);
  const map: CoverageMapJson = { version: 1, tests: names, files: {}, spans: {}, imports: {} };
  for (let f = 0; f < files; f++) {
    const path = `src/pkg/sub${f % 10}/module_${f}.py`;
    const lines: Record<string, number[]> = {};
    for (let l = 1; l <= 10; l++) lines[String(l)] = [-1];
    for (let fn = 0; fn < 15; fn++) {
      const start = 12 + fn * 14;
      lines[String(start)] = [-1];
      const users = Math.max(1, Math.round(testFiles ** rand()));
      const chosen: number[] = [];
      for (let u = 0; u < users; u++) {
        const file = Math.floor(rand() * testFiles);
        for (let t = file * 20; t < Math.min(tests, file * 20 + 20); t++) if (rand() < 0.5) chosen.push(t);
      }
      const body = [...new Set(chosen)].sort((a, b) => a - b);
      if (body.length === 0) continue;
      for (let l = 1; l <= 12; l++) {
        const branch = l > 4 && l % 4 === 0 ? body.filter(() => rand() < 0.5) : body;
        if (branch.length > 0) lines[String(start + l)] = branch;
      }
    }
    map.files[path] = lines;
    map.spans ??= {};
    map.spans[path] = [[firstLine(3), firstLine(3) + 2]];
    map.imports ??= {};
    map.imports[path] = [`src/pkg/sub${f % 10}/module_${(f + 10) % files}.py`];
  }
  return map;
}

function firstLine(fn: number): number {
  return 12 + fn * 14 + 1;
}
