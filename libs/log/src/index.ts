import { type Logger, type LoggerOptions, pino } from "pino";

export type { Logger } from "pino";

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Component name, logged as `name` on every line. */
  name: string;
  level?: LoggerOptions["level"];
  /** Where lines go; defaults to stderr, so stdout stays free for command output. */
  destination?: NodeJS.WritableStream;
}

/**
 * Builds the process logger: JSON lines on stderr. Per-request and per-job loggers are
 * `logger.child({ seedId, ... })`; log ids and chosen fields, never whole protobuf messages.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const destination = options.destination ?? pino.destination({ fd: 2, sync: false });
  return pino({ name: options.name, level: options.level ?? "info" }, destination);
}

/** A logger that drops everything, for libraries used without one. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
