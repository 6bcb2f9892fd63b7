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
  TRACEGEN_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** The validation process' configuration. */
export interface ValidationConfig {
  db: string;
  natsUrl: string | undefined;
  workDir: string;
  sandbox: "docker" | "bwrap" | "auto";
  listen: { host: string; port: number };
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
    logLevel: e.TRACEGEN_LOG_LEVEL,
  };
}
