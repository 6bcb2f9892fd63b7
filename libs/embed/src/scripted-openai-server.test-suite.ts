import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** One embeddings request as the server saw it. */
export interface SeenRequest {
  at: number;
  headers: IncomingHttpHeaders;
  body: { model: string; input: string[]; dimensions?: number; encoding_format?: string };
}

/** An HTTP answer; `body` is sent as JSON. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** What to answer to a request: a fixed reply, or one computed from the request. */
export type Step = Reply | ((request: SeenRequest) => Reply);

/**
 * A vector the server "embeds" `text` as: not normalised (so the client's re-normalisation is
 * observable) and recognisable (coordinate 0 is the text's length, coordinate 1 is 1).
 */
export function serverVector(text: string, dimensions = 1024): number[] {
  const v = new Array<number>(dimensions).fill(0);
  v[0] = text.length;
  v[1] = 1;
  return v;
}

/** A successful embeddings answer; data is listed in reverse order, as the API allows. */
export function ok(request: SeenRequest, dimensions = 1024): Reply {
  const data = request.body.input.map((text, index) => ({
    object: "embedding",
    index,
    embedding: serverVector(text, dimensions),
  }));
  return { status: 200, body: { object: "list", model: request.body.model, data: data.reverse() } };
}

/** An OpenAI-style error answer. */
export function fail(status: number, code: string, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: { error: { message: `scripted ${code}`, type: code, code, param: null } } };
}

/**
 * A scripted OpenAI-compatible server on 127.0.0.1: request n gets `script[n]`, later requests
 * get `ok`. Records every request with its arrival time.
 */
export async function startScriptedServer(script: Step[] = []): Promise<{
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
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
      };
      const step = req.url === "/v1/embeddings" ? (script[requests.length] ?? ok) : undefined;
      requests.push(seen);
      const reply =
        step === undefined ? fail(404, "not_found") : typeof step === "function" ? step(seen) : step;
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
