/** Test helpers for code that calls an OpenAI-compatible embeddings API: a scripted loopback server. */
export {
  fail,
  ok,
  type Reply,
  type SeenRequest,
  type Step,
  serverVector,
  startScriptedServer,
} from "./scripted-openai-server.test-suite.js";
