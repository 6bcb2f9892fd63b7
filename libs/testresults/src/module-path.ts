import { existsSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";

/** What helps map JUnit's dotted classnames back to test files. */
export interface PathHints {
  /** pytest's rootdir: node ids are relative to it. Absolute `file` attributes are made relative
   * to it, and without `knownFiles` candidate module paths are looked up on disk under it. */
  rootDir?: string;
  /** Repository-relative files (e.g. `git ls-files`); the surest way to tell modules from classes. */
  knownFiles?: readonly string[];
}

/** A dotted name split into its test file and the class names after it. */
export interface ModuleSplit {
  file: string;
  classes: string[];
}

/** The dotted form pytest's junitxml gives a file path: `/` → `.`, trailing `.py` dropped. */
export function dottedPath(file: string): string {
  return file.split("/").join(".").replace(/\.py$/, "");
}

/**
 * Maps dotted names (`tests.test_x.TestC`) back to files, in this order: the testcase's own
 * `file` attribute (xunit1) when its dotted form is a prefix of the name (it is not for a test
 * inherited from a class in another file, where `file` names the base class's file);
 * `knownFiles`; files on disk under `rootDir`; then pytest's default naming (`test_*.py` or
 * `*_test.py` modules, `Test*` classes).
 */
export class ModuleResolver {
  readonly #known = new Map<string, string>();
  readonly #rootDir: string | undefined;
  readonly #cache = new Map<string, ModuleSplit>();

  constructor(hints: PathHints = {}) {
    this.#rootDir = hints.rootDir;
    for (const file of hints.knownFiles ?? []) {
      const key = dottedPath(file);
      if (!this.#known.has(key)) this.#known.set(key, file);
    }
  }

  /** Splits `dotted` into a file and classes; with `whole`, all of it names the file. */
  resolve(dotted: string, options: { fileAttr?: string; whole?: boolean } = {}): ModuleSplit {
    const file = this.#relativeFile(options.fileAttr);
    if (file !== undefined) {
      const split = splitAt(dotted, dottedPath(file), file, options.whole);
      if (split) return split;
    }
    const cacheKey = `${options.whole ? "1" : "0"}${dotted}`;
    let split = this.#cache.get(cacheKey);
    if (!split) {
      split = this.#lookup(dotted, options.whole) ?? guess(dotted, options.whole);
      this.#cache.set(cacheKey, split);
    }
    return { file: split.file, classes: [...split.classes] };
  }

  #lookup(dotted: string, whole = false): ModuleSplit | undefined {
    // Longest prefix first: a module's name may itself be a prefix of a package's name.
    const cuts = [dotted.length];
    if (!whole) for (let i = dotted.lastIndexOf("."); i > 0; i = dotted.lastIndexOf(".", i - 1)) cuts.push(i);
    for (const cut of cuts) {
      const key = dotted.slice(0, cut);
      let file = this.#known.get(key);
      if (file === undefined && this.#known.size === 0 && this.#rootDir !== undefined) {
        const candidate = `${key.split(".").join("/")}.py`;
        if (existsSync(join(this.#rootDir, candidate))) file = candidate;
      }
      if (file !== undefined) return splitAt(dotted, key, file, whole);
    }
    return undefined;
  }

  #relativeFile(fileAttr: string | undefined): string | undefined {
    if (fileAttr === undefined || fileAttr === "") return undefined;
    if (!isAbsolute(fileAttr)) return fileAttr.split(sep).join("/");
    if (this.#rootDir === undefined) return undefined;
    const rel = relative(this.#rootDir, fileAttr);
    return rel.startsWith("..") || isAbsolute(rel) ? undefined : rel.split(sep).join("/");
  }
}

function splitAt(dotted: string, key: string, file: string, whole = false): ModuleSplit | undefined {
  if (dotted === key) return { file, classes: [] };
  if (whole || !dotted.startsWith(`${key}.`)) return undefined;
  return { file, classes: dotted.slice(key.length + 1).split(".") };
}

// pytest's defaults: python_files = test_*.py *_test.py, python_classes = Test*.
function guess(dotted: string, whole = false): ModuleSplit {
  const parts = dotted.split(".");
  let end = parts.length;
  if (!whole) {
    const lastModule = parts.findLastIndex((part) => /^test_|_test$/.test(part));
    const firstClass = parts.findIndex((part, i) => i > 0 && /^[A-Z]/.test(part));
    if (lastModule !== -1) end = lastModule + 1;
    else if (firstClass !== -1) end = firstClass;
  }
  return { file: `${parts.slice(0, end).join("/")}.py`, classes: parts.slice(end) };
}
