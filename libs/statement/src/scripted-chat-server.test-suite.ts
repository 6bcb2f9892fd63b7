import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** One chat completions request as the server saw it. */
export interface SeenRequest {
  at: number;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: {
    model: string;
    messages: { role: string; content: string }[];
    temperature?: number;
    max_completion_tokens?: number;
  };
}

/** An HTTP answer; `body` is sent as JSON. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** What to answer to a request: a fixed reply, or one computed from the request. */
export type Step = Reply | ((request: SeenRequest) => Reply);

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

/** An OpenAI-style error answer. */
export function fail(status: number, code: string, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: { error: { message: `scripted ${code}`, type: code, code, param: null } } };
}

/**
 * A scripted OpenAI-compatible server on 127.0.0.1: request n to `/v1/chat/completions` gets
 * `script[n]`, requests past the script get a 500 (so a test notices an extra call), other
 * paths a 404. Records every request with its arrival time.
 */
export async function startScriptedServer(script: Step[]): Promise<{
  baseURL: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const seen: SeenRequest = {
        at: performance.now(),
        url: req.url,
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
      };
      const step =
        req.url === "/v1/chat/completions"
          ? (script[requests.length] ?? fail(500, "script_exhausted"))
          : fail(404, "not_found");
      requests.push(seen);
      const reply = typeof step === "function" ? step(seen) : step;
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
