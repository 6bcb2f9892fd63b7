import { CoverageError, CoverageErrorCode } from "./errors.js";
import { type FileData, type MapData, SetInterner } from "./map-data.js";

/**
 * The extractor's output (`<dir>/map.json`). Line lists hold indices into `tests`, ascending;
 * -1 is the `<import>` bucket (lines run at import/collection time, outside any test).
 */
export interface CoverageMapJson {
  version: 1;
  /** Collected pytest node ids, sorted. */
  tests: string[];
  /** Repository-relative path → line number → covering test indices. */
  files: Record<string, Record<string, number[]>>;
  /** Repository-relative path → multi-line statements as `[first, last]`. */
  spans?: Record<string, [number, number][]>;
  /** Repository-relative path → repository files it imports (test files also "import" their conftest.py). */
  imports?: Record<string, string[]>;
}

/** Converts parsed map JSON to the interned in-memory form, validating every part. */
export function mapDataFromJson(value: unknown): MapData {
  const root = record(value, "map");
  if (root.version !== 1) throw invalid(`unsupported version ${JSON.stringify(root.version)}`);
  const tests = stringList(root.tests, "tests");
  const files = record(root.files, "files");
  const spans = root.spans === undefined ? {} : record(root.spans, "spans");
  const imports = root.imports === undefined ? {} : record(root.imports, "imports");
  const paths = new Set([...Object.keys(files), ...Object.keys(spans), ...Object.keys(imports)]);
  for (const [path, targets] of Object.entries(imports)) {
    for (const target of stringList(targets, `imports of ${path}`)) paths.add(target);
  }
  const sorted = [...paths].sort();
  const fileIndex = new Map(sorted.map((path, i) => [path, i]));
  const interner = new SetInterner();
  const fileData = sorted.map((path): FileData => {
    const lineMap = files[path] === undefined ? {} : record(files[path], `files.${path}`);
    const lines = Object.keys(lineMap)
      .map((key) => lineNumber(key, path))
      .sort((a, b) => a - b);
    const lineSets = lines.map((line) => interner.intern(slotsOf(lineMap[String(line)], tests.length, path)));
    const targets = imports[path] === undefined ? [] : stringList(imports[path], `imports of ${path}`);
    return {
      path,
      lines: Uint32Array.from(lines),
      lineSets: Uint32Array.from(lineSets),
      spans: spanList(spans[path], path),
      imports: Uint32Array.from(new Set(targets.map((t) => fileIndex.get(t) as number))).sort(),
    };
  });
  return { tests, sets: interner.sets, files: fileData };
}

/** The JSON form of `data`, as the extractor would have written it. */
export function mapDataToJson(data: MapData): CoverageMapJson {
  const files: CoverageMapJson["files"] = {};
  const spans: NonNullable<CoverageMapJson["spans"]> = {};
  const imports: NonNullable<CoverageMapJson["imports"]> = {};
  for (const file of data.files) {
    if (file.lines.length > 0) {
      const lines: Record<string, number[]> = {};
      file.lines.forEach((line, i) => {
        lines[String(line)] = Array.from(data.sets[file.lineSets[i] as number] ?? [], (slot) => slot - 1);
      });
      files[file.path] = lines;
    }
    if (file.spans.length > 0) {
      spans[file.path] = [];
      for (let i = 0; i < file.spans.length; i += 2) {
        spans[file.path]?.push([file.spans[i] as number, file.spans[i + 1] as number]);
      }
    }
    if (file.imports.length > 0)
      imports[file.path] = Array.from(file.imports, (i) => data.files[i]?.path ?? "");
  }
  return { version: 1, tests: [...data.tests], files, spans, imports };
}

function slotsOf(value: unknown, testCount: number, path: string): number[] {
  if (!Array.isArray(value)) throw invalid(`line list of ${path} is not an array`);
  const slots = value.map((index: unknown) => {
    if (!Number.isInteger(index) || (index as number) < -1 || (index as number) >= testCount) {
      throw invalid(`test index ${JSON.stringify(index)} in ${path} out of range`);
    }
    return (index as number) + 1;
  });
  return [...new Set(slots)].sort((a, b) => a - b);
}

function spanList(value: unknown, path: string): Uint32Array {
  if (value === undefined) return new Uint32Array(0);
  if (!Array.isArray(value)) throw invalid(`spans of ${path} is not an array`);
  const pairs = value.map((pair: unknown) => {
    const [first, last] = Array.isArray(pair) ? pair : [];
    if (!Number.isInteger(first) || !Number.isInteger(last) || first < 1 || last < first) {
      throw invalid(`bad span ${JSON.stringify(pair)} in ${path}`);
    }
    return [first as number, last as number] as const;
  });
  pairs.sort((a, b) => a[0] - b[0]);
  return Uint32Array.from(pairs.flat());
}

function lineNumber(key: string, path: string): number {
  const line = Number(key);
  if (!/^\d{1,9}$/.test(key)) throw invalid(`bad line ${JSON.stringify(key)} in ${path}`);
  return line;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw invalid(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function stringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw invalid(`${what} is not a list of strings`);
  }
  return value as string[];
}

function invalid(message: string): CoverageError {
  return new CoverageError(CoverageErrorCode.INVALID_MAP, `coverage map: ${message}`);
}
