import { findLeaks, leakRules, MAX_STATEMENT_CHARS } from "./leak-rules.js";
import type { StatementInput } from "./statement.js";

/** The verdict of {@link checkStatement}. */
export type StatementCheck = { ok: true } | { ok: false; problems: string[] };

/**
 * Checks a statement against the rules every statement obeys, written by a template or an
 * LLM: it is not empty, at most 4000 characters, and never reveals the change: no added or
 * removed line of the bug patch (trimmed, 12 characters or more, whitespace-insensitive), no
 * test id, test file or test name, and none of the words "patch", "diff", "mutation",
 * "mutant", "synthetic", "injected", "introduced a bug".
 */
export function checkStatement(text: string, input: StatementInput): StatementCheck {
  const problems: string[] = [];
  if (text.trim() === "") problems.push("the statement is empty");
  if (text.length > MAX_STATEMENT_CHARS)
    problems.push(
      `the statement is ${text.length} characters long; at most ${MAX_STATEMENT_CHARS} are allowed`,
    );
  problems.push(...findLeaks(text, leakRules(input)));
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}
