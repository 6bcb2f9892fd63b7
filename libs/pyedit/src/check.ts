import { parsePython } from "./parser.js";
import { treeFacts } from "./tree-facts.js";

/** Why a mutated source is unusable, or "ok". */
export type CheckResult = "ok" | "syntax_error" | "ast_unchanged";

/**
 * sha256 (hex) of the source's AST with comments and formatting left out (node types and leaf
 * texts); equal for sources that differ only in comments or whitespace. Used for dedup.
 */
export function normalizedAstHash(source: string): string {
  return treeFacts(parsePython(source)).hash;
}

// Callers check many mutations of one original in a row; its hash is kept for the next call.
let lastBefore: { source: string; hash: string } | undefined;

/** "ok" when `after` is valid Python whose AST differs from `before`'s, else why not. */
export function checkMutated(before: string, after: string): CheckResult {
  if (lastBefore?.source !== before) lastBefore = { source: before, hash: normalizedAstHash(before) };
  return checkAgainstHash(lastBefore.hash, after);
}

/** {@link checkMutated} with the original's hash computed once, for checking many candidates. */
export function checkAgainstHash(beforeHash: string, after: string): CheckResult {
  const facts = treeFacts(parsePython(after));
  if (facts.invalid) return "syntax_error";
  return facts.hash === beforeHash ? "ast_unchanged" : "ok";
}
