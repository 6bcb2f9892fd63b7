import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the server saw it; `B` is the JSON body's shape for the scripted path. */
export interface SeenRequest<B> {
  at: number;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: B;
}

/** An HTTP answer; `body` is sent as JSON. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** What to answer to a request: a fixed reply, or one computed from the request. */
export type Step<B> = Reply | ((request: SeenRequest<B>) => Reply);

/** An OpenAI-style error answer. */
export function fail(status: number, code: string, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: { error: { message: `scripted ${code}`, type: code, code, param: null } } };
}

/** What the server answers, and where. */
export interface ScriptedServerOptions<B> {
  /** The API path that is scripted, e.g. `/v1/embeddings`; every other path gets a 404. */
  path: string;
  /** Request n to `path` gets `script[n]`. */
  script: readonly Step<B>[];
  /** The answer to requests past the script. */
  afterScript: Step<B>;
}

/** A running scripted server. */
export interface ScriptedServer<B> {
  /** The client's base URL (`http://127.0.0.1:<port>/v1`). */
  baseURL: string;
  /** Every request, in arrival order, with its arrival time. */
  requests: SeenRequest<B>[];
  close(): Promise<void>;
}

/** Starts a scripted OpenAI-compatible server on 127.0.0.1 (a free port). */
export async function startScriptedServer<B>(options: ScriptedServerOptions<B>): Promise<ScriptedServer<B>> {
  const requests: SeenRequest<B>[] = [];
  let scripted = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const seen: SeenRequest<B> = {
        at: performance.now(),
        url: req.url,
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString("utf8") || "null") as B,
      };
      requests.push(seen);
      const step =
        req.url === options.path
          ? (options.script[scripted++] ?? options.afterScript)
          : fail(404, "not_found");
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
