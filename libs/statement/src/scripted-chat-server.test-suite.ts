import {
  fail,
  type Step as HttpStep,
  type Reply,
  type ScriptedServer,
  type SeenRequest as SeenHttpRequest,
  startScriptedServer as startServer,
} from "@tracegen/scripted-openai";

export { fail, type Reply };

/** One chat completions request as the server saw it. */
export type SeenRequest = SeenHttpRequest<{
  model: string;
  messages: { role: string; content: string }[];
  temperature?: number;
  max_completion_tokens?: number;
}>;

/** What to answer to a request: a fixed reply, or one computed from the request. */
export type Step = HttpStep<SeenRequest["body"]>;

/** A successful chat completion whose message is `content`, with token usage. */
export function answer(
  content: string,
  usage = { prompt_tokens: 1000, completion_tokens: 200 },
  finishReason = "stop",
): Reply {
  return {
    status: 200,
    body: {
      id: "chatcmpl-scripted",
      object: "chat.completion",
      created: 1_700_000_000,
      model: "scripted-model",
      choices: [
        { index: 0, message: { role: "assistant", content }, finish_reason: finishReason, logprobs: null },
      ],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    },
  };
}

/**
 * A scripted OpenAI-compatible server on 127.0.0.1: request n to `/v1/chat/completions` gets
 * `script[n]`, requests past the script get a 500 (so a test notices an extra call), other
 * paths a 404. Records every request with its arrival time.
 */
export function startScriptedServer(script: Step[]): Promise<ScriptedServer<SeenRequest["body"]>> {
  return startServer({ path: "/v1/chat/completions", script, afterScript: fail(500, "script_exhausted") });
}
