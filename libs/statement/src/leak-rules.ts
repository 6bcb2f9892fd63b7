import { changedLines } from "./changed-lines.js";
import type { StatementInput } from "./statement.js";

/** The longest statement accepted, in characters. */
export const MAX_STATEMENT_CHARS = 4000;

/** Changed lines shorter than this (trimmed) are too generic to count as a leak (`}`, `return x`). */
export const MIN_LEAKED_LINE_CHARS = 12;

/** Words that give away that the bug was made on purpose or point at the change itself. */
const FORBIDDEN_WORDS: readonly RegExp[] = [
  /\bpatch(?:es|ed|ing)?\b/i,
  /\bdiffs?\b/i,
  /\bmutations?\b/i,
  /\bmutants?\b/i,
  /\bsynthetic(?:ally)?\b/i,
  /\binjected\b/i,
  /\bintroduced\s+an?\s+bug\b/i,
];

// Words that are test-ish but too common to forbid when a test happens to be named that way.
const COMMON_WORDS = new Set(["test", "tests", "testing", "check", "main", "run", "runtest"]);

/** The rules one input's statements are checked against, compiled once. */
export interface LeakRules {
  /** Trimmed changed lines of the bug patch, whitespace collapsed. */
  lines: string[];
  /** Test ids, test files and test function/class names. */
  testNames: string[];
}

/** Compiles the leak rules of one input. */
export function leakRules(input: Pick<StatementInput, "bugPatch" | "failingTests">): LeakRules {
  const lines = new Set<string>();
  for (const line of changedLines(input.bugPatch)) {
    const collapsed = collapse(line);
    if (collapsed.length >= MIN_LEAKED_LINE_CHARS) lines.add(collapsed);
  }
  const names = new Set<string>();
  for (const test of input.failingTests) for (const name of testNamesOf(test.id)) names.add(name);
  return { lines: [...lines], testNames: [...names].sort((a, b) => b.length - a.length) };
}

/** Everything in `text` that breaks the leak rules, as sentences; empty when none. */
export function findLeaks(text: string, rules: LeakRules): string[] {
  const problems: string[] = [];
  const collapsed = collapse(text);
  for (const line of rules.lines)
    if (collapsed.includes(line))
      problems.push(`it quotes a line of the code change: ${JSON.stringify(line)}`);
  for (const name of rules.testNames)
    if (wordPattern(name).test(text)) problems.push(`it names a test: ${JSON.stringify(name)}`);
  for (const word of FORBIDDEN_WORDS) {
    const match = word.exec(text);
    if (match) problems.push(`it uses the word ${JSON.stringify(match[0])}`);
  }
  return problems;
}

/**
 * The names a test id gives away: the id itself, and for a pytest node id
 * (`tests/test_x.py::TestC::test_y[p]`) the file, the file's stem and every class and
 * function name with and without its parameters; for other styles (`test_y (pkg.TestC)`,
 * `pkg.TestC.test_y`) every part that looks like a test name.
 */
export function testNamesOf(id: string): string[] {
  const names = new Set<string>([id.trim()]);
  const parts = id.split("::");
  const add = (name: string) => {
    const trimmed = name.trim();
    if (trimmed.length >= 5 && !COMMON_WORDS.has(trimmed.toLowerCase())) names.add(trimmed);
  };
  if (parts.length > 1) {
    const file = parts[0] as string;
    add(file);
    add(file.split("/").pop()?.replace(/\.py$/, "") ?? "");
    for (const part of parts.slice(1)) {
      add(part);
      add(part.replace(/\[.*\]$/s, ""));
    }
  } else {
    for (const token of id.split(/[\s()[\]:/\\.,]+/)) if (looksLikeTestName(token)) add(token);
  }
  return [...names].filter((name) => name !== "");
}

function looksLikeTestName(token: string): boolean {
  return (
    /^(?:test_?\w+|\w+_tests?|Test[A-Z0-9_]\w*|\w+Tests?)$/i.test(token) &&
    !COMMON_WORDS.has(token.toLowerCase())
  );
}

function wordPattern(name: string): RegExp {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // Identifier boundaries rather than \b, which misbehaves around `/`, `::` and `[`.
  return new RegExp(`(?<![\\w])${escaped}(?![\\w])`, "i");
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
