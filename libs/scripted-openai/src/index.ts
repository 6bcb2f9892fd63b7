/** A scripted OpenAI-compatible HTTP server on loopback, for the tests of TraceGen's OpenAI clients. */
export {
  fail,
  type Reply,
  type ScriptedServer,
  type ScriptedServerOptions,
  type SeenRequest,
  type Step,
  startScriptedServer,
} from "./scripted-server.js";
