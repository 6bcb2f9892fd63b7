// Parse-only benchmark for @tracegen/python: tree-sitter parsing alone versus full unit
// extraction (parsePythonFile) over the Python standard library.
//   node --conditions=source --import tsx bench/parse-only.ts [root] [rounds]
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
// The root package does not depend on workspace packages, so reach into the library directly.
import { parsePythonFile } from "../libs/python/src/index.js";

interface TreeSitterParser {
  setLanguage(language: unknown): void;
  parse(input: string): { rootNode: { hasError: boolean } };
}

const root = process.argv[2] ?? "/usr/lib/python3.11";
const rounds = Number(process.argv[3] ?? 5);

function listPythonFiles(dir: string, into: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "site-packages" && entry.name !== "dist-packages") listPythonFiles(path, into);
    } else if (entry.isFile() && entry.name.endsWith(".py")) {
      into.push(path);
    }
  }
  return into;
}

const paths = listPythonFiles(root).sort();
const bytes = paths.map((path) => readFileSync(path));
const decoder = new TextDecoder();
const texts = bytes.map((b) => decoder.decode(b));
const totalBytes = bytes.reduce((n, b) => n + b.byteLength, 0);

const requireFromLib = createRequire(new URL("../libs/python/package.json", import.meta.url));
const Parser = requireFromLib("tree-sitter") as new () => TreeSitterParser;
const parser = new Parser();
parser.setLanguage(requireFromLib("tree-sitter-python"));

function parseOnly(): number {
  let errors = 0;
  for (const text of texts) if (parser.parse(text).rootNode.hasError) errors++;
  return errors;
}

let lines = 0;
let functions = 0;
let classes = 0;
let problems = 0;
function extractAll(): void {
  lines = functions = classes = problems = 0;
  for (let i = 0; i < paths.length; i++) {
    const parsed = parsePythonFile(paths[i]!, bytes[i]!);
    lines += parsed.lineCount;
    if (parsed.problem) problems++;
    for (const unit of parsed.units) {
      if (unit.kind === "class") classes++;
      else if (unit.kind === "function" || unit.kind === "method") functions++;
    }
  }
}

// Trees are freed by finalizers when V8 collects them: with little JS garbage, (a) would
// leave that work until after its clock stops. A full collection inside every timed round
// charges each side for the garbage and trees it made.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function timeMs(fn: () => void): number {
  gc();
  const start = performance.now();
  fn();
  gc();
  return performance.now() - start;
}

// Warm up both paths (JIT, grammar load), then alternate rounds and keep the best of each.
parseOnly();
extractAll();
let bestParse = Number.POSITIVE_INFINITY;
let bestExtract = Number.POSITIVE_INFINITY;
for (let r = 0; r < rounds; r++) {
  bestParse = Math.min(bestParse, timeMs(parseOnly));
  bestExtract = Math.min(bestExtract, timeMs(extractAll));
}

const units = functions + classes + paths.length;
const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString("en-US");
console.log(`root ${root}: ${paths.length} files, ${(totalBytes / 1e6).toFixed(1)} MB, ${lines} lines`);
console.log(`units: ${functions} functions+methods, ${classes} classes, ${problems} files with problems`);
console.log(`(a) tree-sitter parse only: ${bestParse.toFixed(0)} ms, ${perSecond(lines, bestParse)} lines/s`);
console.log(
  `(b) parsePythonFile:        ${bestExtract.toFixed(0)} ms, ${perSecond(lines, bestExtract)} lines/s, ${perSecond(units, bestExtract)} units/s`,
);
console.log(`ratio b/a: ${(bestExtract / bestParse).toFixed(2)} (best of ${rounds} rounds each)`);
