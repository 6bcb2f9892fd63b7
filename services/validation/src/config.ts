import { z } from "zod";

const EnvSchema = z.object({
  TRACEGEN_DB: z.string().min(1).default(".tracegen/db"),
  TRACEGEN_NATS_URL: z.string().min(1).optional(),
  TRACEGEN_WORK_DIR: z.string().min(1).default(".tracegen/validation"),
  TRACEGEN_SANDBOX: z.enum(["docker", "bwrap", "auto"]).default("auto"),
  TRACEGEN_VALIDATION_ADDR: z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$/, "must look like host:port")
    .default("127.0.0.1:50054"),
  // Distributed mode: with NATS, the service also validates the candidates announced on the bus.
  TRACEGEN_VALIDATION_WORKER: z.enum(["on", "off"]).default("on"),
  TRACEGEN_VALIDATION_DURABLE: z
    .string()
    .regex(/^[^.*>\s]+$/, "must be a NATS consumer name (no dots, wildcards or spaces)")
    .default("validation"),
  TRACEGEN_VALIDATION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  TRACEGEN_VALIDATION_ACK_WAIT_S: z.coerce.number().min(1).max(3600).default(30),
  TRACEGEN_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** The validation process' configuration. */
export interface ValidationConfig {
  db: string;
  natsUrl: string | undefined;
  workDir: string;
  sandbox: "docker" | "bwrap" | "auto";
  listen: { host: string; port: number };
  /** The bus worker (distributed mode only: needs `natsUrl`). */
  worker: { enabled: boolean; durable: string; concurrency: number; ackWaitMs: number };
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
}

/** Raised for a configuration that cannot work; the message names the variable. */
export class ValidationConfigError extends Error {
  override readonly name = "ValidationConfigError";
}

/** Reads and validates the validation process' environment. */
export function loadValidationConfig(env: Record<string, string | undefined>): ValidationConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationConfigError(
      `${issue?.path.join(".") ?? "environment"}: ${issue?.message ?? "invalid"}`,
    );
  }
  const e = parsed.data;
  const i = e.TRACEGEN_VALIDATION_ADDR.lastIndexOf(":");
  return {
    db: e.TRACEGEN_DB,
    natsUrl: e.TRACEGEN_NATS_URL,
    workDir: e.TRACEGEN_WORK_DIR,
    sandbox: e.TRACEGEN_SANDBOX,
    listen: {
      host: e.TRACEGEN_VALIDATION_ADDR.slice(0, i),
      port: Number(e.TRACEGEN_VALIDATION_ADDR.slice(i + 1)),
    },
    worker: {
      enabled: e.TRACEGEN_VALIDATION_WORKER === "on" && e.TRACEGEN_NATS_URL !== undefined,
      durable: e.TRACEGEN_VALIDATION_DURABLE,
      concurrency: e.TRACEGEN_VALIDATION_CONCURRENCY,
      ackWaitMs: e.TRACEGEN_VALIDATION_ACK_WAIT_S * 1000,
    },
    logLevel: e.TRACEGEN_LOG_LEVEL,
  };
}
