import {
  fail,
  type Step as HttpStep,
  type Reply,
  type ScriptedServer,
  type SeenRequest as SeenHttpRequest,
  startScriptedServer as startServer,
} from "@tracegen/scripted-openai";

export { fail, type Reply };

/** One embeddings request as the server saw it. */
export type SeenRequest = SeenHttpRequest<{
  model: string;
  input: string[];
  dimensions?: number;
  encoding_format?: string;
}>;

/** What to answer to a request: a fixed reply, or one computed from the request. */
export type Step = HttpStep<SeenRequest["body"]>;

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

/**
 * A scripted OpenAI-compatible embeddings server on 127.0.0.1: request n to `/v1/embeddings`
 * gets `script[n]`, later requests get `ok`. Records every request with its arrival time.
 */
export function startScriptedServer(script: Step[] = []): Promise<ScriptedServer<SeenRequest["body"]>> {
  return startServer({ path: "/v1/embeddings", script, afterScript: (request) => ok(request) });
}
