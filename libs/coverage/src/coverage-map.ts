import { decodeMap, encodeMap } from "./binary-format.js";
import { binarySearch, type FileData, type MapData, statementStart } from "./map-data.js";
import { type CoverageMapJson, mapDataToJson } from "./map-json.js";

/**
 * Which tests executed which lines of a repository, in a compact interned form. Test-time
 * lines are attributed to pytest node ids; lines run at import/collection time form the
 * `<import>` bucket, which no query returns as a test (see {@link importTimeFiles}).
 */
export class CoverageMap {
  readonly #data: MapData;
  readonly #byPath: Map<string, FileData>;
  #importers: Map<string, string[]> | undefined;
  #testsByFile: Map<string, string[]> | undefined;

  /** @internal Use `parseCoverageMap` or {@link CoverageMap.fromBinary}. */
  constructor(data: MapData) {
    this.#data = data;
    this.#byPath = new Map(data.files.map((file) => [file.path, file]));
  }

  /** Every collected pytest node id, sorted. */
  get tests(): readonly string[] {
    return this.#data.tests;
  }

  /** Repository-relative paths with at least one executed line. */
  get files(): string[] {
    return this.#data.files.filter((file) => file.lines.length > 0).map((file) => file.path);
  }

  /** Files with lines executed at import/collection time, outside any test. */
  get importTimeFiles(): Set<string> {
    const found = new Set<string>();
    for (const file of this.#data.files) {
      if (file.lineSets.some((id) => this.#data.sets[id]?.[0] === 0)) found.add(file.path);
    }
    return found;
  }

  /** Tests that executed any of `lines` of `path` (a line inside a multi-line statement counts as its first line). */
  testsForLines(path: string, lines: readonly number[]): Set<string> {
    return this.#names(this.#slots(path, lines));
  }

  /** Tests that executed any line of `path`. */
  testsForFile(path: string): Set<string> {
    const slots = new Set<number>();
    for (const id of new Set(this.#byPath.get(path)?.lineSets)) {
      for (const slot of this.#data.sets[id] ?? []) slots.add(slot);
    }
    return this.#names(slots);
  }

  /** True when any of `lines` of `path` ran at import/collection time (e.g. a `def` line, a constant). */
  executedAtImport(path: string, lines: readonly number[]): boolean {
    return this.#slots(path, lines).has(0);
  }

  /** Repository files that import `path`, directly or through other files (conftest.py counts for its tests). */
  importersOf(path: string): Set<string> {
    if (!this.#importers) {
      this.#importers = new Map();
      for (const file of this.#data.files) {
        for (const target of file.imports) {
          const targetPath = this.#data.files[target]?.path ?? "";
          const list = this.#importers.get(targetPath);
          if (list) list.push(file.path);
          else this.#importers.set(targetPath, [file.path]);
        }
      }
    }
    const found = new Set<string>();
    const queue = [path];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      for (const importer of this.#importers.get(next) ?? []) {
        if (importer !== path && !found.has(importer)) {
          found.add(importer);
          queue.push(importer);
        }
      }
    }
    return found;
  }

  /** Tests defined in `path` (node ids `path::...`). */
  testsInFile(path: string): Set<string> {
    if (!this.#testsByFile) {
      const byFile = new Map<string, string[]>();
      for (const test of this.#data.tests) {
        const file = test.split("::", 1)[0] ?? test;
        const list = byFile.get(file);
        if (list) list.push(test);
        else byFile.set(file, [test]);
      }
      this.#testsByFile = byFile;
    }
    return new Set(this.#testsByFile.get(path));
  }

  /** The compact binary form (see binary-format.ts); {@link CoverageMap.fromBinary} reads it back. */
  toBinary(): Uint8Array {
    return encodeMap(this.#data);
  }

  /** Reads {@link CoverageMap.toBinary} output; throws `CoverageError` INVALID_BINARY otherwise. */
  static fromBinary(bytes: Uint8Array): CoverageMap {
    return new CoverageMap(decodeMap(bytes));
  }

  /** The map in the extractor's JSON form (what `parseCoverageMap` reads). */
  toJSON(): CoverageMapJson {
    return mapDataToJson(this.#data);
  }

  #slots(path: string, lines: ArrayLike<number>): Set<number> {
    const slots = new Set<number>();
    const file = this.#byPath.get(path);
    if (!file) return slots;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as number;
      for (const probe of new Set([line, statementStart(file.spans, line)])) {
        const at = binarySearch(file.lines, probe);
        if (at < 0) continue;
        for (const slot of this.#data.sets[file.lineSets[at] as number] ?? []) slots.add(slot);
      }
    }
    return slots;
  }

  #names(slots: Set<number>): Set<string> {
    const names: string[] = [];
    for (const slot of [...slots].sort((a, b) => a - b)) {
      if (slot > 0) names.push(this.#data.tests[slot - 1] as string);
    }
    return new Set(names);
  }
}
