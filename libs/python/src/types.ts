/** What a code unit is: the file itself, a class, a plain function, or a method of a class. */
export type UnitKind = "module" | "class" | "function" | "method";

/**
 * One named piece of a Python file that tasks and traces can point at. Units are `def`s
 * (async too) and `class`es at module level, in class bodies and in (non-method) function
 * bodies; classes inside functions, functions inside methods and lambdas are not units.
 */
export interface CodeUnit {
  kind: UnitKind;
  /**
   * Python `__qualname__` style: `""` for the module, `"Parser.parse"` for a method,
   * `"outer.<locals>.inner"` for a nested function, `"A.B.m"` for a method of a nested class.
   */
  qualifiedName: string;
  /** 1-based, inclusive; decorators are part of the unit. */
  startLine: number;
  /** 1-based, inclusive. */
  endLine: number;
  /**
   * The header up to (not including) its `:`, comments dropped and whitespace collapsed, e.g.
   * `def parse(self, text: str, *, strict=False) -> Node` or `class Foo(Base)`; `""` for a module.
   */
  signature: string;
  /** The docstring's value, cleaned like `inspect.cleandoc`; `""` if there is none. */
  docstring: string;
  /** Lines `startLine..endLine` verbatim, each with its line break, so a method keeps its indentation. */
  source: string;
  /** sha256 hex of {@link CodeUnit.source}. */
  contentHash: string;
}

/** Why a file yielded no units, or only some. */
export type FileProblemKind = "syntax_error" | "not_utf8" | "binary" | "too_large";

/** A problem found in a file; `detail` is a short human-readable explanation. */
export interface FileProblem {
  kind: FileProblemKind;
  /** Names the line of the first error for `syntax_error`, the byte offset for `not_utf8`. */
  detail: string;
}

/** The result of {@link parsePythonFile}. */
export interface ParsedFile {
  path: string;
  /**
   * The module unit first, then the other units in source order. With a `syntax_error` only the
   * well-formed units (whose own text has no error) are kept, so the module unit is absent.
   */
  units: CodeUnit[];
  problem?: FileProblem;
  /** Number of lines of the decoded text; 0 when the file could not be decoded. */
  lineCount: number;
}

/** Options for {@link parsePythonFile}. */
export interface ParsePythonFileOptions {
  /** Files larger than this many bytes are reported as `too_large`; default 2 MiB. */
  maxBytes?: number;
}
