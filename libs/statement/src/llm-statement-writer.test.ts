import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { checkStatement } from "./check-statement.js";
import { createLlmStatementWriter, type LlmStatementOptions } from "./llm-statement-writer.js";
import { answer, fail, type Step, startScriptedServer } from "./scripted-chat-server.test-suite.js";
import type { StatementInput } from "./statement.js";
import { StatementErrorCode } from "./statement-error.js";
import { templateStatement } from "./template-statement.js";
import { BUGS, failuresOf } from "./tinyledger-bugs.test-suite.js";

let input: StatementInput;
beforeAll(() => {
  input = failuresOf(BUGS[0]!);
});

let closeServer: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeServer?.();
  closeServer = undefined;
});

async function setUp(script: Step[], options: Partial<LlmStatementOptions> = {}) {
  const server = await startScriptedServer(script);
  closeServer = server.close;
  const writer = createLlmStatementWriter({
    baseUrl: server.baseURL,
    apiKey: "test-key",
    model: "gpt-test",
    initialBackoffMs: 50,
    prices: { promptUsdPerMillion: 1, completionUsdPerMillion: 4 },
    ...options,
  });
  return { writer, requests: server.requests };
}

const CLEAN = [
  "Ledger.balance leaves out transactions dated on the as-of day",
  "",
  'Calling `book.balance("assets:checking", as_of=date(2024, 1, 5))` returns 1000.00 USD, but the',
  "transaction posted on 2024-01-05 should be included, giving 954.80 USD.",
].join("\n");

/** An answer that quotes the changed line (the bug patch's `+` line) verbatim. */
function leakingAnswer(): string {
  return `${CLEAN}\n\nThe culprit is \`if as_of is not None and txn.date >= as_of:\`.`;
}

describe("createLlmStatementWriter against a scripted server", () => {
  it("returns the model's statement when it obeys the rules, with tokens and cost", async () => {
    const { writer, requests } = await setUp([
      answer(CLEAN, { prompt_tokens: 1500, completion_tokens: 250 }),
    ]);
    const statement = await writer.write(input);
    expect(statement).toEqual({
      text: CLEAN,
      source: "llm",
      model: "gpt-test",
      tokens: { prompt: 1500, completion: 250 },
      costUsd: (1500 * 1 + 250 * 4) / 1e6,
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers.authorization).toBe("Bearer test-key");
    expect(requests[0]!.body.model).toBe("gpt-test");
  });

  it("sends the bug patch, the buggy output and the failing tests' sources, and forbids naming fix or tests", async () => {
    const { writer, requests } = await setUp([answer(CLEAN)]);
    await writer.write(input);
    const [system, user] = requests[0]!.body.messages;
    expect(system!.role).toBe("system");
    expect(system!.content).toMatch(/Never reveal the fix/);
    expect(system!.content).toMatch(/Never name the tests/);
    expect(user!.role).toBe("user");
    expect(user!.content).toContain(input.bugPatch.trimEnd());
    // The run's summary line is at the output's end, which is what a long output keeps.
    const summary = input.buggyOutput!.trim().split("\n").pop()!;
    expect(summary).toMatch(/\d+ failed, \d+ passed/);
    expect(user!.content).toContain(summary);
    expect(input.failingTests.length).toBeGreaterThanOrEqual(2);
    for (const test of input.failingTests) {
      expect(user!.content).toContain(test.source!);
      expect(user!.content).toContain(test.message.split("\n")[0]);
    }
  });

  it("sends a leaking answer back with its problems and returns the corrected one", async () => {
    const { writer, requests } = await setUp([answer(leakingAnswer()), answer(CLEAN)]);
    const statement = await writer.write(input);
    expect(statement.source).toBe("llm");
    expect(statement.text).toBe(CLEAN);
    expect(statement.tokens).toEqual({ prompt: 2000, completion: 400 });
    expect(requests).toHaveLength(2);
    const second = requests[1]!.body.messages;
    expect(second).toHaveLength(4);
    expect(second[2]).toEqual({ role: "assistant", content: leakingAnswer() });
    expect(second[3]!.role).toBe("user");
    expect(second[3]!.content).toContain("it quotes a line of the code change");
    expect(second[3]!.content).toContain("if as_of is not None and txn.date >= as_of:");
  });

  it("retries a 429 after the wait the server asked for", async () => {
    const { writer, requests } = await setUp([
      fail(429, "rate_limit_exceeded", { "retry-after-ms": "300" }),
      answer(CLEAN),
    ]);
    const statement = await writer.write(input);
    expect(statement.source).toBe("llm");
    expect(requests).toHaveLength(2);
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(290);
  });

  it("retries 5xx answers with backoff and gives up with UNAVAILABLE", async () => {
    const down = fail(503, "overloaded");
    const { writer, requests } = await setUp([down, down, down], { maxRetries: 2, initialBackoffMs: 20 });
    await expect(writer.write(input)).rejects.toMatchObject({
      name: "StatementError",
      code: StatementErrorCode.UNAVAILABLE,
    });
    expect(requests).toHaveLength(3);
  });

  it("fails with QUOTA at once on insufficient_quota", async () => {
    const { writer, requests } = await setUp([fail(429, "insufficient_quota")]);
    await expect(writer.write(input)).rejects.toMatchObject({
      name: "StatementError",
      code: StatementErrorCode.QUOTA,
    });
    expect(requests).toHaveLength(1);
  });

  it("fails with REQUEST at once on another 4xx", async () => {
    const { writer, requests } = await setUp([fail(400, "invalid_request_error")]);
    await expect(writer.write(input)).rejects.toMatchObject({ code: StatementErrorCode.REQUEST });
    expect(requests).toHaveLength(1);
  });

  it("falls back to the template when the model leaks twice, still counting the tokens", async () => {
    const { writer, requests } = await setUp([answer(leakingAnswer()), answer(`Patch notes\n\n${CLEAN}`)]);
    const statement = await writer.write(input);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.body.messages[3]!.content).toContain("it quotes a line of the code change");
    expect(statement.source).toBe("template");
    expect(statement.text).toBe(templateStatement(input).text);
    expect(statement.model).toBeUndefined();
    expect(statement.tokens).toEqual({ prompt: 2000, completion: 400 });
    expect(checkStatement(statement.text, input)).toEqual({ ok: true });
  });

  it("treats an answer cut off at the token limit as a broken one", async () => {
    const { writer, requests } = await setUp([answer(CLEAN, undefined, "length"), answer(CLEAN)]);
    const statement = await writer.write(input);
    expect(statement.source).toBe("llm");
    expect(requests).toHaveLength(2);
    expect(requests[1]!.body.messages[3]!.content).toContain("cut off");
  });

  it("unwraps an answer fenced as a whole and sends optional sampling options", async () => {
    const { writer, requests } = await setUp([answer(`\`\`\`markdown\n${CLEAN}\n\`\`\``)], {
      temperature: 0.3,
      maxCompletionTokens: 800,
    });
    expect((await writer.write(input)).text).toBe(CLEAN);
    expect(requests[0]!.body).toMatchObject({ temperature: 0.3, max_completion_tokens: 800 });
  });

  it("stops waiting for a retry when the caller aborts", async () => {
    const { writer } = await setUp([fail(429, "rate_limit_exceeded", { "retry-after": "30" })]);
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 100);
    await expect(writer.write(input, controller.signal)).rejects.toMatchObject({
      code: StatementErrorCode.ABORTED,
    });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("rejects empty options", () => {
    expect(() =>
      createLlmStatementWriter({ baseUrl: "http://127.0.0.1:1/v1", apiKey: "k", model: " " }),
    ).toThrow(expect.objectContaining({ code: StatementErrorCode.INVALID_ARGUMENT }));
  });
});
