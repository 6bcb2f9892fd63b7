import { describe, expect, it } from "vitest";
import { loadRetrievalConfig, RetrievalConfigError } from "./config.js";

describe("loadRetrievalConfig", () => {
  it("fills embedded defaults: local embedder, index under .tracegen/index", () => {
    expect(loadRetrievalConfig({})).toEqual({
      db: ".tracegen/db",
      listen: { host: "127.0.0.1", port: 50052 },
      indexDir: ".tracegen/index",
      embedder: { kind: "local" },
      logLevel: "info",
    });
  });

  it("reads the OpenAI-compatible embedder's variables", () => {
    const config = loadRetrievalConfig({
      TRACEGEN_EMBEDDER: "openai",
      TRACEGEN_OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
      TRACEGEN_OPENAI_API_KEY: "sk-test",
      TRACEGEN_RETRIEVAL_ADDR: "0.0.0.0:6000",
    });
    expect(config.embedder).toEqual({
      kind: "openai",
      baseURL: "http://127.0.0.1:9/v1",
      apiKey: "sk-test",
      model: "text-embedding-3-small",
    });
    expect(config.listen).toEqual({ host: "0.0.0.0", port: 6000 });
  });

  it("names the variable that is wrong", () => {
    expect(() => loadRetrievalConfig({ TRACEGEN_EMBEDDER: "openai" })).toThrow(
      new RetrievalConfigError("TRACEGEN_OPENAI_API_KEY: is required when TRACEGEN_EMBEDDER=openai"),
    );
    expect(() => loadRetrievalConfig({ TRACEGEN_EMBEDDER: "magic" })).toThrow(/^TRACEGEN_EMBEDDER: /);
    expect(() => loadRetrievalConfig({ TRACEGEN_RETRIEVAL_ADDR: "nowhere" })).toThrow(
      /^TRACEGEN_RETRIEVAL_ADDR: must look like host:port/,
    );
  });
});
