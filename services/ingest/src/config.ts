import { z } from "zod";

const HostPort = z
  .string()
  .regex(/^[^\s:]+:\d{1,5}$/, "must look like host:port")
  .transform((v) => {
    const i = v.lastIndexOf(":");
    return { host: v.slice(0, i), port: Number(v.slice(i + 1)) };
  });

const EnvSchema = z.object({
  TRACEGEN_DB: z.string().min(1).default(".tracegen/db"),
  TRACEGEN_NATS_URL: z.string().min(1).optional(),
  TRACEGEN_MIRRORS_DIR: z.string().min(1).default(".tracegen/mirrors"),
  TRACEGEN_INGEST_ADDR: HostPort.default({ host: "127.0.0.1", port: 50051 }),
  TRACEGEN_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** The ingest process' configuration. */
export interface IngestConfig {
  /** A postgres:// URL, `memory:`, or a PGlite directory. */
  db: string;
  /** NATS servers; absent: the in-process bus (embedded mode). */
  natsUrl: string | undefined;
  mirrorsDir: string;
  listen: { host: string; port: number };
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
}

/** Raised for a configuration that cannot work; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Reads and validates the ingest process' environment, failing fast on the first bad variable. */
export function loadIngestConfig(env: Record<string, string | undefined>): IngestConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${issue?.path.join(".") ?? "environment"}: ${issue?.message ?? "invalid"}`);
  }
  const e = parsed.data;
  return {
    db: e.TRACEGEN_DB,
    natsUrl: e.TRACEGEN_NATS_URL,
    mirrorsDir: e.TRACEGEN_MIRRORS_DIR,
    listen: e.TRACEGEN_INGEST_ADDR,
    logLevel: e.TRACEGEN_LOG_LEVEL,
  };
}
