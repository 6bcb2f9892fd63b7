import { z } from "zod";

const EnvSchema = z
  .object({
    TRACEGEN_DB: z.string().min(1).default(".tracegen/db"),
    TRACEGEN_RETRIEVAL_ADDR: z
      .string()
      .regex(/^[^\s:]+:\d{1,5}$/, "must look like host:port")
      .default("127.0.0.1:50052"),
    TRACEGEN_INDEX_DIR: z.string().min(1).default(".tracegen/index"),
    TRACEGEN_EMBEDDER: z.enum(["local", "openai"]).default("local"),
    TRACEGEN_OPENAI_BASE_URL: z.url().default("https://api.openai.com/v1"),
    TRACEGEN_OPENAI_API_KEY: z.string().min(1).optional(),
    TRACEGEN_OPENAI_MODEL: z.string().min(1).default("text-embedding-3-small"),
    TRACEGEN_LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),
  })
  .refine((e) => e.TRACEGEN_EMBEDDER !== "openai" || e.TRACEGEN_OPENAI_API_KEY !== undefined, {
    path: ["TRACEGEN_OPENAI_API_KEY"],
    message: "is required when TRACEGEN_EMBEDDER=openai",
  });

/** Which embedder the process uses. */
export type EmbedderConfig =
  | { kind: "local" }
  | { kind: "openai"; baseURL: string; apiKey: string; model: string };

/** The retrieval process' configuration. */
export interface RetrievalConfig {
  /** A postgres:// URL, `memory:`, or a PGlite directory. */
  db: string;
  listen: { host: string; port: number };
  indexDir: string;
  embedder: EmbedderConfig;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
}

/** Raised for a configuration that cannot work; the message names the variable. */
export class RetrievalConfigError extends Error {
  override readonly name = "RetrievalConfigError";
}

/** Reads and validates the retrieval process' environment, failing fast on the first bad variable. */
export function loadRetrievalConfig(env: Record<string, string | undefined>): RetrievalConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RetrievalConfigError(
      `${issue?.path.join(".") || "environment"}: ${issue?.message ?? "invalid"}`,
    );
  }
  const e = parsed.data;
  const i = e.TRACEGEN_RETRIEVAL_ADDR.lastIndexOf(":");
  return {
    db: e.TRACEGEN_DB,
    listen: {
      host: e.TRACEGEN_RETRIEVAL_ADDR.slice(0, i),
      port: Number(e.TRACEGEN_RETRIEVAL_ADDR.slice(i + 1)),
    },
    indexDir: e.TRACEGEN_INDEX_DIR,
    embedder:
      e.TRACEGEN_EMBEDDER === "openai"
        ? {
            kind: "openai",
            baseURL: e.TRACEGEN_OPENAI_BASE_URL,
            apiKey: e.TRACEGEN_OPENAI_API_KEY ?? "",
            model: e.TRACEGEN_OPENAI_MODEL,
          }
        : { kind: "local" },
    logLevel: e.TRACEGEN_LOG_LEVEL,
  };
}
