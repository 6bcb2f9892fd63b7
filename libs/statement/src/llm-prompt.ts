import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { StatementInput } from "./statement.js";

const MAX_PATCH_CHARS = 12_000;
const MAX_OUTPUT_CHARS = 6_000;
const MAX_TESTS = 5;
const MAX_TEST_SOURCE_CHARS = 3_000;
const MAX_MESSAGE_CHARS = 1_500;

/** The instructions every request starts with; the leak rules in words. */
export const SYSTEM_PROMPT = [
  "You write the problem statement for a bug in a software project, as the GitHub issue a user of the project would file.",
  "You are shown the code change that caused the bug, the output of the failing test run and the tests that fail. They are for your understanding only.",
  "",
  "Rules:",
  "- Describe the bug from a user's point of view: what they called, what happened, and what they expected instead. Give short steps to reproduce it.",
  "- Never reveal the fix or the code change: do not quote the changed lines, do not point at the lines, conditions or operators that were changed, do not say how to fix it.",
  "- Never name the tests: no test ids, test file names, test function names or test class names.",
  '- Never use the words "patch", "diff", "mutation", "mutant", "synthetic", "injected", nor the phrase "introduced a bug", and do not suggest the bug was made on purpose.',
  "- At most 300 words of Markdown. The first line is a short title.",
  "- Answer with the issue text only.",
].join("\n");

/** The first request's messages: the rules, then the bug patch, the buggy output and the failing tests. */
export function statementMessages(input: StatementInput): ChatCompletionMessageParam[] {
  const parts = [
    `Repository: ${input.repo}`,
    "",
    "The code change that caused the bug (never quote or reveal it):",
    fence(head(input.bugPatch, MAX_PATCH_CHARS), "diff"),
  ];
  if (input.buggyOutput !== undefined && input.buggyOutput.trim() !== "")
    parts.push("", "Output of the failing run:", fence(tail(input.buggyOutput, MAX_OUTPUT_CHARS)));
  const tests = input.failingTests.slice(0, MAX_TESTS);
  if (tests.length > 0) {
    parts.push("", "Tests that fail because of the bug (never name them):");
    for (const test of tests) {
      parts.push("", `Failing test ${tests.indexOf(test) + 1}:`);
      if (test.source !== undefined) parts.push(fence(head(test.source, MAX_TEST_SOURCE_CHARS), "python"));
      if (test.message.trim() !== "")
        parts.push("Failure message:", fence(tail(test.message, MAX_MESSAGE_CHARS)));
    }
    const more = input.failingTests.length - tests.length;
    if (more > 0) parts.push("", `(${more} more tests fail in a similar way.)`);
  }
  parts.push("", "Write the issue now.");
  return [
    { role: "system", content: SYSTEM_PROMPT },
    { role: "user", content: parts.join("\n") },
  ];
}

/** The follow-up after an answer broke the rules: the answer, then what was wrong with it. */
export function correctionMessages(answer: string, problems: string[]): ChatCompletionMessageParam[] {
  return [
    { role: "assistant", content: answer },
    {
      role: "user",
      content: [
        "That issue text breaks the rules:",
        ...problems.map((problem) => `- ${problem}`),
        "",
        "Write it again, following every rule. Answer with the issue text only.",
      ].join("\n"),
    },
  ];
}

/** The issue text of an answer: trimmed, without a fence around the whole of it. */
export function answerText(content: string | null | undefined): string {
  const text = (content ?? "").trim();
  const fenced = /^```[\w-]*\n([\s\S]*?)\n```$/.exec(text);
  return (fenced ? (fenced[1] as string) : text).trim();
}

function fence(text: string, language = ""): string {
  const ticks = text.includes("```") ? "````" : "```";
  return `${ticks}${language}\n${text.replace(/\n$/, "")}\n${ticks}`;
}

function head(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n[... ${text.length - max} more characters]`;
}

function tail(text: string, max: number): string {
  return text.length <= max ? text : `[... ${text.length - max} earlier characters]\n${text.slice(-max)}`;
}
