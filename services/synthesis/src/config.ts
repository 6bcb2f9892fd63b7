import { z } from "zod";

const EnvSchema = z.object({
  TRACEGEN_DB: z.string().min(1).default(".tracegen/db"),
  TRACEGEN_NATS_URL: z.string().min(1).optional(),
  TRACEGEN_SYNTHESIS_ADDR: z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$/, "must look like host:port")
    .default("127.0.0.1:50053"),
  // Optional: the retrieval service that ranks transplant targets (its seed candidates).
  TRACEGEN_RETRIEVAL_ADDR: z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$/, "must look like host:port")
    .optional(),
  TRACEGEN_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** The synthesis process' configuration. */
export interface SynthesisConfig {
  db: string;
  natsUrl: string | undefined;
  listen: { host: string; port: number };
  /** The retrieval service ("host:port") whose seed candidates rank transplant targets; none: identifier overlap. */
  retrievalAddr?: string | undefined;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
}

/** Raised for a configuration that cannot work; the message names the variable. */
export class SynthesisConfigError extends Error {
  override readonly name = "SynthesisConfigError";
}

/** Reads and validates the synthesis process' environment. */
export function loadSynthesisConfig(env: Record<string, string | undefined>): SynthesisConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SynthesisConfigError(
      `${issue?.path.join(".") ?? "environment"}: ${issue?.message ?? "invalid"}`,
    );
  }
  const e = parsed.data;
  const i = e.TRACEGEN_SYNTHESIS_ADDR.lastIndexOf(":");
  return {
    db: e.TRACEGEN_DB,
    natsUrl: e.TRACEGEN_NATS_URL,
    listen: {
      host: e.TRACEGEN_SYNTHESIS_ADDR.slice(0, i),
      port: Number(e.TRACEGEN_SYNTHESIS_ADDR.slice(i + 1)),
    },
    retrievalAddr: e.TRACEGEN_RETRIEVAL_ADDR,
    logLevel: e.TRACEGEN_LOG_LEVEL,
  };
}
