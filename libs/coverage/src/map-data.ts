/**
 * The in-memory form shared by the JSON parser, the binary codec and `CoverageMap`.
 * A "slot" numbers the test buckets: slot 0 is `<import>` (lines run outside any test), slot
 * i + 1 is `tests[i]`. Lines with the same covering slots share one interned set.
 */

/** One file: its executed lines, each line's set id, multi-line statements and imports. */
export interface FileData {
  /** Repository-relative path. */
  readonly path: string;
  /** Executed line numbers, ascending. */
  readonly lines: Uint32Array;
  /** For `lines[i]`, the id of its slot set in `MapData.sets`. */
  readonly lineSets: Uint32Array;
  /** Multi-line statements as flattened ascending `[first, last]` pairs. */
  readonly spans: Uint32Array;
  /** Indices (into `MapData.files`) of the repository files this file imports, ascending. */
  readonly imports: Uint32Array;
}

/** A whole coverage map: the tests, the interned slot sets and the files (sorted by path). */
export interface MapData {
  readonly tests: readonly string[];
  /** Distinct ascending slot lists. */
  readonly sets: readonly Uint32Array[];
  readonly files: readonly FileData[];
}

/** Interns ascending slot lists so equal lists share one id. */
export class SetInterner {
  readonly sets: Uint32Array[] = [];
  readonly #ids = new Map<string, number>();

  /** The id of `slots` (ascending), adding it on first sight. */
  intern(slots: ArrayLike<number>): number {
    const key = Array.from(slots).join(",");
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(Uint32Array.from(slots));
      this.#ids.set(key, id);
    }
    return id;
  }
}

/** Index of `value` in the ascending `array`, or -1. */
export function binarySearch(array: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = array.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const probe = array[mid] as number;
    if (probe === value) return mid;
    if (probe < value) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

/** The first line of the multi-line statement holding `line`, or `line` itself. */
export function statementStart(spans: Uint32Array, line: number): number {
  let low = 0;
  let high = spans.length / 2 - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const first = spans[mid * 2] as number;
    const last = spans[mid * 2 + 1] as number;
    if (line < first) high = mid - 1;
    else if (line > last) low = mid + 1;
    else return first;
  }
  return line;
}
