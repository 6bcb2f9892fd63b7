import { createOpenAiEmbedder, type Embedder } from "@tracegen/embed";
import type { Logger } from "@tracegen/log";
import type { EmbedderConfig } from "./config.js";

/** The embedder a configuration names; undefined for the local one (the core builds it per repository). */
export function makeEmbedder(config: EmbedderConfig, logger: Logger): Embedder | undefined {
  if (config.kind === "local") return undefined;
  return createOpenAiEmbedder({
    baseURL: config.baseURL,
    apiKey: config.apiKey,
    model: config.model,
    logger,
  });
}
