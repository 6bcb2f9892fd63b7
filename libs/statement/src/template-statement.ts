import { checkStatement } from "./check-statement.js";
import { findLeaks, type LeakRules, leakRules } from "./leak-rules.js";
import { failureSection } from "./pytest-sections.js";
import { clip, code, isCall, mainCall } from "./python-expression.js";
import { type Observation, readFailure } from "./read-failure.js";
import type { Statement, StatementInput } from "./statement.js";

const MAX_OBSERVATIONS = 4;
const MAX_VALUE_CHARS = 120;

/**
 * An offline, deterministic problem statement that reads like a user's issue: a title, what
 * goes wrong (read from the failing tests' messages: "`mean([1, 2, 3, 4])` returns `3`, but
 * `2.5` was expected"), steps to reproduce in plain words, expected and actual behaviour.
 * Every piece is checked against the leak rules and left out (or said more vaguely) when it
 * would reveal the change or name a test, so the result always passes {@link checkStatement}.
 */
export function templateStatement(input: StatementInput): Statement {
  const rules = leakRules(input);
  const safe = (text: string | undefined) =>
    text !== undefined && findLeaks(text, rules).length === 0 ? text : undefined;
  const observations = input.failingTests
    .map((test) => readFailure(failureSection(input.buggyOutput, test.id) ?? test.message, test.source))
    .map((observation) => scrubObservation(observation, rules));
  const primary = observations.find((o) => o.subject !== undefined) ?? observations[0];
  const project = safe(input.repo.split("/").pop()) ?? "the library";

  const title = safe(titleOf(primary, input)) ?? "Wrong results from a library function";
  const sections = [title, "", `While using ${project} I ran into the following problem.`];
  const seen = new Set<string>();
  const bullets: string[] = [];
  for (const observation of observations) {
    const bullet = safe(describe(observation));
    if (bullet === undefined || seen.has(bullet)) continue;
    seen.add(bullet);
    bullets.push(`- ${bullet}`);
  }
  if (bullets.length > 0) {
    const shown = bullets.slice(0, MAX_OBSERVATIONS);
    const more = bullets.length - shown.length;
    sections.push("", "### What happens", "", ...shown);
    if (more > 0) sections.push(`- ... and ${more} more ${more === 1 ? "case" : "cases"} like these.`);
  }
  if (primary !== undefined) {
    const steps = stepsOf(primary).map((step) => safe(step));
    if (steps.length > 0 && steps.every((step) => step !== undefined))
      sections.push("", "### Steps to reproduce", "", ...steps.map((step, i) => `${i + 1}. ${step}`));
    const expected = safe(expectedOf(primary));
    const actual = safe(actualOf(primary));
    if (expected !== undefined) sections.push("", "### Expected behaviour", "", expected);
    if (actual !== undefined) sections.push("", "### Actual behaviour", "", actual);
  }
  const text = sections.join("\n");
  return { text: checkStatement(text, input).ok ? text : genericText(), source: "template" };
}

/** Clips long values and drops the parts of an observation that would leak on their own. */
function scrubObservation(observation: Observation, rules: LeakRules): Observation {
  const out: Observation = { kind: observation.kind, details: [] };
  const keep = (value: string | undefined) => {
    if (value === undefined) return undefined;
    const clipped = clip(value, MAX_VALUE_CHARS);
    return findLeaks(clipped, rules).length === 0 ? clipped : undefined;
  };
  for (const key of [
    "subject",
    "operator",
    "actual",
    "expected",
    "expression",
    "exception",
    "message",
    "setup",
  ] as const) {
    const value = keep(observation[key]);
    if (value !== undefined) out[key] = value;
  }
  out.details = observation.details.map((d) => keep(d)).filter((d): d is string => d !== undefined);
  return out;
}

function functionName(observation: Observation | undefined): string | undefined {
  if (observation?.subject === undefined) return undefined;
  // `table.splitlines()` after `table = render_table(...)` is about `render_table`.
  const call =
    mainCall(observation.subject) ??
    (observation.setup === undefined ? undefined : mainCall(observation.setup.replace(/^[^=]+=\s*/, "")));
  const name = call?.split(".").pop();
  return name === undefined || /^test/i.test(name) ? undefined : name;
}

function titleOf(observation: Observation | undefined, input: StatementInput): string {
  const name = functionName(observation);
  const who = name !== undefined ? `${code(`${name}()`)}` : undefined;
  const fallback = input.changedFunction?.name.split(".").pop();
  const unit = who ?? (fallback && !fallback.startsWith("_") ? code(`${fallback}()`) : undefined);
  switch (observation?.kind) {
    case "mismatch":
      return unit ? `${unit} returns a wrong result` : "A wrong result is returned";
    case "check":
      return unit ? `${unit} gives a wrong answer` : "A result does not have the expected property";
    case "exception":
      return `${unit ?? "A call"} raises ${observation.exception} unexpectedly`;
    case "no-exception":
      return `${unit ?? "A call"} does not raise ${observation.exception} for invalid input`;
    default:
      return unit ? `${unit} misbehaves` : "Unexpected behaviour";
  }
}

function describe(o: Observation): string | undefined {
  const details = o.details.length > 0 ? ` (${o.details.join("; ")})` : "";
  switch (o.kind) {
    case "mismatch": {
      if (o.actual === undefined || o.expected === undefined) return undefined;
      if (o.operator === "==") {
        const who = o.subject !== undefined ? code(o.subject) : "A value";
        // pytest shortens long values with "...": then the explanation says more than the value.
        if (o.actual.includes("...") && o.details.length > 0)
          return `${who} does not give ${code(o.expected)}: ${o.details.join("; ")}.`;
        const verb = o.subject !== undefined ? "returns" : "comes out as";
        return `${who} ${verb} ${code(o.actual)}, but ${code(o.expected)} was expected${details}.`;
      }
      const subject = o.subject ?? o.actual;
      return `${code(`${subject} ${o.operator} ${o.expected}`)} should hold, but it does not (the left side is ${code(o.actual)})${details}.`;
    }
    case "check":
      if (o.expression !== undefined) return `${code(o.expression)} should be true, but it is not${details}.`;
      if (o.message !== undefined) return `A result is rejected with the message ${code(o.message)}.`;
      return undefined;
    case "exception": {
      const raised = code(o.message ? `${o.exception}: ${o.message}` : (o.exception as string));
      return o.subject !== undefined ? `${code(o.subject)} raises ${raised}.` : `The code raises ${raised}.`;
    }
    case "no-exception":
      return o.subject !== undefined
        ? `${code(o.subject)} should raise ${code(o.exception as string)}, but it returns normally.`
        : `${code(o.exception as string)} is not raised where it should be.`;
    default:
      return o.message !== undefined ? `It fails with ${code(o.message)}.` : undefined;
  }
}

function stepsOf(o: Observation): string[] {
  if (o.subject === undefined) return [];
  const steps = o.setup === undefined ? [] : [`Run ${code(o.setup)}.`];
  steps.push(`${isCall(o.subject) ? "Call" : "Evaluate"} ${code(o.subject)}.`);
  switch (o.kind) {
    case "mismatch":
      if (o.actual !== undefined && !o.actual.includes("..."))
        steps.push(`Look at the result: it is ${code(o.actual)}.`);
      else if (o.expected !== undefined)
        steps.push(`Compare the result with ${code(o.expected)}: they differ.`);
      break;
    case "check":
      steps.push("Check the result: it is not what it should be.");
      break;
    case "exception":
      steps.push(`It raises ${code(o.exception as string)}.`);
      break;
    case "no-exception":
      steps.push("It returns without raising anything.");
      break;
  }
  return steps;
}

function expectedOf(o: Observation): string | undefined {
  const who = o.subject === undefined ? "The call" : code(o.subject);
  switch (o.kind) {
    case "mismatch":
      if (o.expected === undefined) return undefined;
      return o.operator === "=="
        ? `${who} returns ${code(o.expected)}.`
        : `${code(`${o.subject ?? o.actual} ${o.operator} ${o.expected}`)} holds.`;
    case "check":
      return o.expression === undefined ? undefined : `${code(o.expression)} is true.`;
    case "exception":
      return `${who} completes without raising ${code(o.exception as string)}.`;
    case "no-exception":
      return `${who} raises ${code(o.exception as string)}.`;
    default:
      return undefined;
  }
}

function actualOf(o: Observation): string | undefined {
  switch (o.kind) {
    case "mismatch":
      if (o.actual === undefined) return undefined;
      return o.actual.includes("...") && o.details.length > 0
        ? `It returns something else: ${o.details.join("; ")}.`
        : `It returns ${code(o.actual)}.`;
    case "check":
      return "It is false.";
    case "exception":
      return `It raises ${code(o.message ? `${o.exception}: ${o.message}` : (o.exception as string))}.`;
    case "no-exception":
      return "No exception is raised.";
    default:
      return o.message === undefined ? undefined : `It fails with ${code(o.message)}.`;
  }
}

/** The last resort when every specific sentence would leak: vague, but never wrong. */
function genericText(): string {
  return [
    "Wrong results from a library function",
    "",
    "Some calls return results that differ from what the documentation and the examples promise.",
    "",
    "### Expected behaviour",
    "",
    "The documented results.",
    "",
    "### Actual behaviour",
    "",
    "Different results, or an error.",
  ].join("\n");
}
