import { clip, code, isLiteral, literalsOf, splitComparison } from "./python-expression.js";

/** What one failing test shows, read from its failure message (and its source when given). */
export interface Observation {
  kind: "mismatch" | "check" | "exception" | "no-exception" | "other";
  /** The expression the failure is about, as the test writes it: `mean([1, 2, 3, 4])`. */
  subject?: string;
  /** A comparison's operator (`==`, `in`, ...), for a mismatch. */
  operator?: string;
  /** The value the code produced, as pytest printed it. */
  actual?: string;
  /** What was expected: the test's expression (`usd("954.80")`) or the value pytest printed. */
  expected?: string;
  /** The asserted expression, for a failed check without a comparison. */
  expression?: string;
  /** An exception's type (`ZeroDivisionError`), raised or expected. */
  exception?: string;
  /** An exception's message, or a custom assertion message. */
  message?: string;
  /** Extra facts from pytest's explanation, rephrased: ``minor is `100000` instead of `95480` ``. */
  details: string[];
  /** The test's assignment of the variable the subject starts from: `table = render_table(...)`. */
  setup?: string;
}

/**
 * Reads a pytest (or unittest) failure message into an {@link Observation}: `assert 3 == 2.5`
 * with `+ where 3 = mean(...)`, unittest's `3 != 2.5`, a raised exception, `DID NOT RAISE`.
 * The test's failing line comes from pytest's `>` marker, else from the test source.
 */
export function readFailure(message: string, source?: string): Observation {
  const lines = message.replace(/\r/g, "").split("\n");
  const errorLines = lines.filter((l) => /^E(?:\s|$)/.test(l)).map((l) => l.replace(/^E\s?/, "").trim());
  const body = (errorLines.length > 0 ? errorLines : lines.map((l) => l.trim())).filter((l) => l !== "");
  const headline = pickHeadline(body);
  const wheres = readWheres(body);
  const details = readDetails(body);
  // pytest marks the failing line with `>`; a plain traceback's first frame is the test's.
  const frame = lines.findIndex((l) => /^\s*File ".*", line \d+, in /.test(l));
  const marked =
    lines.find((l) => /^>\s/.test(l))?.replace(/^>\s*/, "") ??
    (frame >= 0 && lines[frame + 1] !== undefined && !/^\s*File /.test(lines[frame + 1] as string)
      ? (lines[frame + 1] as string).trim()
      : undefined);
  const observation = classify(headline, details);
  const failingLine = completed(
    marked ?? (source === undefined ? undefined : findFailingLine(source, observation)),
    source,
  );
  refineFromCode(observation, failingLine, wheres, source);
  const setup = source === undefined ? undefined : setupOf(observation.subject, source);
  if (setup !== undefined) observation.setup = setup;
  return observation;
}

function pickHeadline(body: string[]): string {
  // A traceback ends with the exception; pytest's E block starts with it.
  if (body[0]?.startsWith("Traceback ")) return body[body.length - 1] ?? "";
  return body[0] ?? "";
}

function classify(headline: string, details: string[]): Observation {
  const text = headline.replace(/^AssertionError: (?=assert )/, "");
  const assertion = /^assert (.+)$/s.exec(text)?.[1];
  if (assertion !== undefined) {
    const comparison = splitComparison(assertion);
    if (comparison)
      return {
        kind: "mismatch",
        operator: comparison.operator,
        actual: comparison.left,
        expected: comparison.right,
        details,
      };
    return { kind: "check", expression: assertion, details };
  }
  const notRaised = /^Failed: DID NOT RAISE (.+)$/.exec(text)?.[1];
  if (notRaised !== undefined) return { kind: "no-exception", exception: exceptionName(notRaised), details };
  const unittest = /^AssertionError: (.+?) != (.+)$/.exec(text);
  if (unittest)
    return {
      kind: "mismatch",
      operator: "==",
      actual: unittest[1] as string,
      expected: unittest[2] as string,
      details,
    };
  const custom = /^AssertionError(?:: (.*))?$/.exec(text);
  if (custom) return { kind: "check", ...(custom[1] ? { message: custom[1] } : {}), details };
  const raised = /^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Warning|Interrupt|Iteration))(?:: ?(.*))?$/.exec(
    text,
  );
  if (raised)
    return {
      kind: "exception",
      exception: (raised[1] as string).split(".").pop() as string,
      ...(raised[2] ? { message: raised[2] } : {}),
      details,
    };
  return { kind: "other", ...(text === "" ? {} : { message: text }), details };
}

function exceptionName(text: string): string {
  const quoted = /'([\w.]+)'/.exec(text)?.[1] ?? text.replace(/[<>()]/g, "").trim();
  return quoted.split(".").pop() ?? quoted;
}

/** `+  where 3 = mean([1, 2])` lines of the top level, value to expression. */
function readWheres(body: string[]): Map<string, string> {
  const wheres = new Map<string, string>();
  for (const line of body) {
    const match = /^\+ {1,2}(?:where|and) +(.+?) = (.+)$/.exec(line);
    if (!match || / at 0x[0-9a-f]+/.test(match[2] as string)) continue;
    const bound = /^<bound method ([\w.]+) of .*>\((.*)\)$/.exec(match[2] as string);
    wheres.set((match[1] as string).trim(), bound ? `${bound[1]}(${bound[2]})` : (match[2] as string).trim());
  }
  return wheres;
}

const DETAIL_VALUE_CHARS = 80;

function readDetails(body: string[]): string[] {
  const details: string[] = [];
  const v = (value: string | undefined) => code(clip(value ?? "", DETAIL_VALUE_CHARS));
  for (const line of body.slice(1)) {
    let match = /^At index (\d+) diff: (.+?) != (.+)$/.exec(line);
    if (match) {
      details.push(`item ${match[1]} is ${v(match[2])} instead of ${v(match[3])}`);
      continue;
    }
    match = /^(Left|Right) contains (?:one|\d+) more items?(?:, first extra item)?: (.+)$/.exec(line);
    if (match) {
      details.push(
        match[1] === "Left" ? `it has an extra item ${v(match[2])}` : `it lacks the item ${v(match[2])}`,
      );
      continue;
    }
    match = /^([A-Za-z_]\w*): (.+?) != (.+)$/.exec(line);
    if (match) details.push(`${match[1]} is ${v(match[2])} instead of ${v(match[3])}`);
  }
  return details.slice(0, 3);
}

/** The line of the test source the failure most likely comes from. */
function findFailingLine(source: string, observation: Observation): string | undefined {
  const lines = statementsOf(source);
  if (observation.kind === "no-exception") {
    const at = lines.findIndex(
      (l) => /^with pytest\.raises\(/.test(l) || /^with self\.assertRaises\(/.test(l),
    );
    return at < 0 ? undefined : lines.slice(at + 1).find((l) => l !== "");
  }
  // An exception may come from any line: no guessing.
  if (observation.kind === "exception" || observation.kind === "other") return undefined;
  const asserts = lines.filter((l) => /^assert\s/.test(l) || /^self\.assert\w*\(/.test(l));
  if (asserts.length <= 1) return asserts[0];
  // Several asserts: the one whose expected side's literals pytest printed (most characters wins).
  const printed = [observation.actual, observation.expected, ...observation.details].join(" ");
  const scores = asserts.map((line) => {
    const expected = readAssertLine(line)?.right;
    if (expected === undefined) return 0;
    return literalsOf(expected)
      .filter((literal) => appears(literal, printed))
      .reduce((sum, literal) => sum + literal.length, 0);
  });
  const best = Math.max(...scores);
  return best > 0 && scores.filter((score) => score === best).length === 1
    ? asserts[scores.indexOf(best)]
    : undefined;
}

/** The source's logical lines: trimmed, a statement spread over lines joined into one. */
function statementsOf(source: string): string[] {
  const statements: string[] = [];
  let pending = "";
  for (const line of source.split("\n")) {
    pending = pending === "" ? line.trim() : `${pending} ${line.trim()}`;
    if (balanced(pending)) {
      statements.push(pending.replace(/([([{]) /g, "$1").replace(/,? ([)\]}])/g, "$1"));
      pending = "";
    }
  }
  if (pending !== "") statements.push(pending);
  return statements;
}

/** A failing line that is the first line of a longer statement in `source`, completed. */
function completed(line: string | undefined, source: string | undefined): string | undefined {
  const trimmed = line?.trim();
  if (trimmed === undefined || source === undefined || balanced(trimmed)) return trimmed;
  const firstLines = source.split("\n").map((l) => l.trim());
  const statements = statementsOf(source);
  return firstLines.includes(trimmed) ? (statements.find((s) => s.startsWith(trimmed)) ?? trimmed) : trimmed;
}

/** True when `literal` is in `text`, numbers also without their decimal point (`954.80` in `95480`). */
function appears(literal: string, text: string): boolean {
  if (!/^\d/.test(literal)) return text.includes(literal);
  const escaped = (n: string) => n.replace(/\./g, "\\.");
  const forms = [literal, literal.replace(".", "")].map(
    (n) => new RegExp(`(?<![\\d.])${escaped(n)}(?![\\d])`),
  );
  return forms.some((form) => form.test(text));
}

/** Fills the subject and the expected expression from the test's own line. */
function refineFromCode(
  observation: Observation,
  failingLine: string | undefined,
  wheres: Map<string, string>,
  source: string | undefined,
): void {
  const whereActual = observation.actual === undefined ? undefined : wheres.get(observation.actual);
  const whereExpected = observation.expected === undefined ? undefined : wheres.get(observation.expected);
  let line = failingLine?.trim();
  if (observation.kind === "no-exception" && line?.startsWith("with ") && source !== undefined)
    line = findFailingLine(source, observation);
  const asserted = line === undefined ? undefined : readAssertLine(line);
  if (observation.kind === "mismatch") {
    const compared =
      asserted?.right === undefined ? undefined : { left: asserted.left, right: asserted.right };
    let subject = compared?.left ?? whereActual;
    let expected = compared?.right ?? observation.expected;
    // `assert 2.5 == mean(xs)`: the call is on the right.
    const swapped = compared
      ? isLiteral(compared.left) && !isLiteral(compared.right)
      : whereActual === undefined && whereExpected !== undefined;
    if (swapped) {
      const printedLeft = observation.actual as string;
      subject = compared?.right ?? whereExpected;
      expected = compared?.left ?? printedLeft;
      observation.actual = observation.expected as string;
      observation.expected = printedLeft;
    }
    if (subject !== undefined && !isLiteral(subject)) observation.subject = subject;
    if (expected !== undefined && balanced(expected)) observation.expected = expected;
    return;
  }
  if (observation.kind === "check" && asserted !== undefined && asserted.right === undefined) {
    observation.expression = asserted.left;
    observation.subject = asserted.left.replace(/^not\s+/, "");
    return;
  }
  if (line !== undefined && !line.startsWith("assert") && !line.startsWith("with ")) {
    // `result = mean([])` or a bare call: the right-hand side is what raised (or did not).
    const call = line.replace(/^[\w.,\s]+=(?!=)\s*/, "");
    if (balanced(call)) observation.subject = call;
  } else if (asserted !== undefined && observation.kind !== "check") {
    observation.subject = asserted.left;
  }
}

function readAssertLine(line: string): { left: string; right?: string } | undefined {
  const assertion = /^assert\s+(.+)$/.exec(line)?.[1];
  if (assertion !== undefined) {
    // `assert x == y, "message"`: the message is not part of the check.
    const plain = splitArguments(assertion)[0] as string;
    const comparison = splitComparison(plain);
    return comparison ? { left: comparison.left, right: comparison.right } : { left: plain };
  }
  const unittest = /^self\.assert(?:Equal|Equals|AlmostEqual)\((.*)\)$/.exec(line)?.[1];
  if (unittest !== undefined) {
    const [left, right] = splitArguments(unittest);
    if (left !== undefined && right !== undefined) return { left, right };
  }
  return undefined;
}

function splitArguments(args: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < args.length; i++) {
    const c = args[i] as string;
    if (quote !== undefined) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (c === "," && depth === 0) {
      parts.push(args.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(args.slice(start).trim());
  return parts;
}

/** True when every bracket in `expr` is closed (a multi-line assert's first line is not). */
function balanced(expr: string): boolean {
  let depth = 0;
  for (const c of expr.replace(/(['"])(?:\\.|(?!\1).)*\1/g, "")) {
    if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/** The one-line assignment in the test of the variable `subject` starts from, if any. */
function setupOf(subject: string | undefined, source: string): string | undefined {
  const root = subject === undefined ? undefined : /^([A-Za-z_]\w*)[.([]/.exec(subject)?.[1];
  if (root === undefined) return undefined;
  const line = source
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l.startsWith(`${root} = `));
  return line !== undefined && balanced(line) ? line : undefined;
}
