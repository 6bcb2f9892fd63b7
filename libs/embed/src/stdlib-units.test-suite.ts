import { existsSync, readFileSync } from "node:fs";
import { parsePythonFile } from "@tracegen/python";

/** Debian's Python 3.11 standard library: real code for similarity tests. */
export const STDLIB = "/usr/lib/python3.11";
export const hasStdlib = existsSync(`${STDLIB}/textwrap.py`);

const MODULES = ["textwrap", "shlex", "fnmatch", "argparse", "json/decoder", "csv", "difflib", "heapq"];
const MODULES_MORE = ["bisect", "calendar", "ipaddress", "pprint", "string", "tokenize", "gettext", "glob"];

/** A function or method of the standard library with the module it came from. */
export interface StdlibFunction {
  module: string;
  qualifiedName: string;
  source: string;
}

/** Functions and methods of 16 standard-library modules, in file order. */
export function stdlibFunctions(): StdlibFunction[] {
  return [...MODULES, ...MODULES_MORE].flatMap((module) =>
    parsePythonFile(module, readFileSync(`${STDLIB}/${module}.py`))
      .units.filter((u) => u.kind === "function" || u.kind === "method")
      .map((u) => ({ module, qualifiedName: u.qualifiedName, source: u.source })),
  );
}

const FLIPS: [RegExp, string][] = [
  [/ == /, " != "],
  [/ < /, " <= "],
  [/ > /, " >= "],
  [/ \+ /, " - "],
  [/ and /, " or "],
  [/ is not /, " is "],
  [/ not in /, " in "],
];

/**
 * A slightly edited copy of a function, as a synthetic bug would be: the first comparison,
 * `+` or boolean operator of the body flipped and the first assigned local renamed; `undefined`
 * when neither edit applies.
 */
export function editedCopy(source: string): string | undefined {
  const body = source.indexOf(":\n");
  if (body < 0) return undefined;
  let out = source;
  let changed = false;
  for (const [pattern, replacement] of FLIPS) {
    const match = pattern.exec(out.slice(body));
    if (match === null) continue;
    const at = body + match.index;
    out = out.slice(0, at) + replacement + out.slice(at + match[0].length);
    changed = true;
    break;
  }
  const local = /\n\s+([a-z_][a-z0-9_]*) = /.exec(out);
  if (local !== null) {
    out = out.replace(new RegExp(`\\b${local[1]}\\b`, "g"), "tmp_value");
    changed = true;
  }
  return changed ? out : undefined;
}

/** The dot product of two vectors (their cosine when both have unit length). */
export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
