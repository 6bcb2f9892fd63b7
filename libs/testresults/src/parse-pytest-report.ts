import { mergeResults, TEST_STATUSES, type TestResult, type TestStatus } from "./test-result.js";

const LINE = new RegExp(`^(${TEST_STATUSES.join("|")}) (.*)$`);
const SUMMARY_HEADER = /^=+ short test summary info =+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour sequences start with ESC.
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/**
 * Reads the per-test lines of pytest's `-rA` short test summary: `PASSED <id>`,
 * `FAILED <id> - <message>`, `ERROR <id or file> - ...`, `XFAIL <id> - <reason>`,
 * `XPASS <id> <reason>`. Only the summary section is read when its header is present (so
 * captured output that happens to start with a status word is ignored), otherwise every line.
 * `SKIPPED [n] file:line: reason` lines name no node id and are left out, so skipped tests are
 * missing from the result. Ids keep their spaces and brackets; a repeated id keeps its worse
 * status. Durations are 0: the summary has none.
 */
export function parsePytestReport(output: string): TestResult[] {
  const lines = output.replace(ANSI, "").split("\n");
  const header = lines.findLastIndex((line) => SUMMARY_HEADER.test(line.trimEnd()));
  const results: TestResult[] = [];
  for (let i = header + 1; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, "");
    if (header !== -1 && line.startsWith("=")) break;
    const match = LINE.exec(line);
    if (!match) continue;
    const status = match[1] as TestStatus;
    const rest = (match[2] as string).trim();
    if (status === "SKIPPED" && /^\[\d+\] /.test(rest)) continue;
    const { id, message } = splitIdAndMessage(rest, status === "XPASS");
    if (id !== "") results.push({ id, status, durationS: 0, message });
  }
  return mergeResults(results);
}

/**
 * Splits `<id> - <message>` where both the id (parametrized: `t[a - b]`) and the message may
 * contain ` - `: the first split that leaves a well-formed id wins. XPASS lines (pytest 7)
 * separate the reason by a bare space, so there a bare space may split too.
 */
function splitIdAndMessage(rest: string, bareSpace: boolean): { id: string; message: string } {
  for (let i = rest.indexOf(" "); i !== -1; i = rest.indexOf(" ", i + 1)) {
    const id = rest.slice(0, i);
    if (!wellFormed(id)) continue;
    const after = rest.slice(i);
    if (after.startsWith(" - ")) return { id, message: after.slice(3).trim() };
    if (bareSpace) return { id, message: after.trim() };
  }
  return { id: rest, message: "" };
}

// A node id's name part (after the file) has no spaces, except inside its trailing `[...]`.
function wellFormed(id: string): boolean {
  const sep = id.indexOf("::");
  if (sep === -1) return true;
  const name = id.slice(sep + 2);
  return name.includes("[") ? id.endsWith("]") : !/\s/.test(name);
}
