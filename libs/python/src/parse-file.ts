import { decodeSource } from "./decode.js";
import { extractUnits } from "./extract-units.js";
import { indexLines } from "./line-index.js";
import { parsePython } from "./parser.js";
import { describeFirstSyntaxError } from "./syntax-error.js";
import type { ParsedFile, ParsePythonFileOptions } from "./types.js";

/** Default for {@link ParsePythonFileOptions.maxBytes}: 2 MiB. */
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

/**
 * Splits one Python file into code units (module, classes, functions, methods). Never throws
 * for bad input: binary, non-UTF-8 and oversized files come back without units and with a
 * `problem`; a file with syntax errors keeps its well-formed units and names the first error.
 */
export function parsePythonFile(
  path: string,
  content: Uint8Array,
  options: ParsePythonFileOptions = {},
): ParsedFile {
  const decoded = decodeSource(content, options.maxBytes ?? DEFAULT_MAX_BYTES);
  if ("problem" in decoded) return { path, units: [], problem: decoded.problem, lineCount: 0 };
  const lines = indexLines(decoded.text);
  const tree = parsePython(decoded.text);
  const units = extractUnits(tree, lines);
  if (!tree.rootNode.hasError) return { path, units, lineCount: lines.lineCount };
  const problem = { kind: "syntax_error" as const, detail: describeFirstSyntaxError(tree.rootNode) };
  return { path, units, problem, lineCount: lines.lineCount };
}
